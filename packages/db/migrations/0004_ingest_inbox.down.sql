-- Reverts 0004_ingest_inbox: the telemetry inbox, the ledger of applied events, dead letters.
-- It altered no earlier table.
DROP TABLE "agent"."ingest_dead_letters";
--> statement-breakpoint
DROP TABLE "agent"."ingested_events";
--> statement-breakpoint
DROP TABLE "agent"."ingest_inbox";
