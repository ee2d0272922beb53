-- Indexes for the portal and back-office lists (keyset: sort key + id, so deep pages seek instead
-- of counting) and for the overview (covering indexes: the period sums and the ageing of open
-- placements are answered from the index alone). Measured by `npm run bench:portal`.
CREATE INDEX IF NOT EXISTS "remittances_overview" ON "remittances" ("creditor_id", "occurred_at") INCLUDE ("currency", "status", "recovered_amount", "fee_amount", "net_remit_amount");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "remittances_by_creditor_amount" ON "remittances" ("creditor_id", "recovered_amount", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "remittances_by_time" ON "remittances" ("occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "placements_by_creditor_placed" ON "placements" ("creditor_id", "placed_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "placements_by_creditor_status_placed" ON "placements" ("creditor_id", "status", "placed_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "placements_by_creditor_amount" ON "placements" ("creditor_id", "invoice_amount", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "placements_by_placed" ON "placements" ("placed_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "placements_open_ageing" ON "placements" ("creditor_id") INCLUDE ("currency", "due_date", "invoice_amount", "recovered_amount") WHERE "status" = 'open';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payment_attempts_by_received" ON "payment_attempts" ("received_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payment_attempts_by_creditor_received" ON "payment_attempts" ("creditor_id", "received_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_by_time_id" ON "audit_events" ("occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_by_creditor_time" ON "audit_events" ("creditor_id", "occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "work_items_by_status_created" ON "work_items" ("status", "created_at", "id");
