DROP INDEX "agent"."ingest_inbox_available_at_idx";--> statement-breakpoint
CREATE INDEX "ingest_inbox_due_idx" ON "agent"."ingest_inbox" USING btree ("workspace_id","available_at");