-- Operating the Stripe intake: a work item kind for transfers that keep failing, the back-office
-- inbox list (newest first, optionally by type; keyset on received_at + event_id), and the
-- effects of one event (audit events whose actor is that Stripe event).
ALTER TYPE "public"."work_item_kind" ADD VALUE 'transfer_failed';--> statement-breakpoint
CREATE INDEX "audit_events_by_actor" ON "audit_events" USING btree ("actor_type","actor_id","occurred_at");--> statement-breakpoint
CREATE INDEX "stripe_events_by_received" ON "stripe_events" USING btree ("received_at","event_id");--> statement-breakpoint
CREATE INDEX "stripe_events_by_type_received" ON "stripe_events" USING btree ("type","received_at","event_id");