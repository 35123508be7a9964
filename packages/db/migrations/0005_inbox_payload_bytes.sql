ALTER TABLE "agent"."ingest_inbox" ADD COLUMN "payload_bytes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Events already queued get their size from the stored JSON (its text form, a close measure).
UPDATE "agent"."ingest_inbox" SET "payload_bytes" = octet_length("payload"::text);
