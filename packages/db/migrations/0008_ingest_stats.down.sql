-- Reverts 0008_ingest_stats: ingestion stats then count applied events along the ledger's key.
DROP INDEX IF EXISTS "agent"."ingested_events_processed_idx";
