-- Trigram matching for title search; a trusted extension, so the database's owner may add it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "feature_runs_title_trgm_idx" ON "agent"."feature_runs" USING gin ("title" gin_trgm_ops);
