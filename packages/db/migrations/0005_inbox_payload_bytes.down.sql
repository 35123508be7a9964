-- Reverts 0005_inbox_payload_bytes: the inbox no longer records each payload's size.
ALTER TABLE "agent"."ingest_inbox" DROP COLUMN "payload_bytes";
