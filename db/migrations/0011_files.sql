CREATE TYPE "public"."file_backend" AS ENUM('database', 's3');--> statement-breakpoint
CREATE TYPE "public"."file_status" AS ENUM('pending', 'complete', 'deleted');--> statement-breakpoint
CREATE TABLE "file_chunks" (
	"file_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_chunks_file_id_seq_pk" PRIMARY KEY("file_id","seq")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"status" "file_status" DEFAULT 'pending' NOT NULL,
	"backend" "file_backend" NOT NULL,
	"object_key" text,
	"size" bigint,
	"sha256" char(64),
	"creditor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"purged_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "file_chunks" ADD CONSTRAINT "file_chunks_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_by_creditor" ON "files" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE INDEX "files_expiring" ON "files" USING btree ("expires_at") WHERE status = 'complete' and expires_at is not null;--> statement-breakpoint
CREATE INDEX "files_pending" ON "files" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "files_unpurged" ON "files" USING btree ("deleted_at") WHERE status = 'deleted' and purged_at is null;