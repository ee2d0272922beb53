ALTER TYPE "public"."payment_status" ADD VALUE 'resolved';--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'possible_duplicate';--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "parent_payment_attempt_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_parent_payment_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("parent_payment_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "debtors_by_email" ON "debtors" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "debtors_by_name" ON "debtors" USING btree (btrim(regexp_replace(lower("name"), '[^a-z0-9]+', ' ', 'g')));--> statement-breakpoint
CREATE INDEX "placements_by_debtor" ON "placements" USING btree ("debtor_id");--> statement-breakpoint
CREATE INDEX "placements_by_invoice_upper" ON "placements" USING btree (upper("invoice_number"));--> statement-breakpoint
CREATE INDEX "payment_attempts_by_parent" ON "payment_attempts" USING btree ("parent_payment_attempt_id");