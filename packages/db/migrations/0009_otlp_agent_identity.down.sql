-- Reverts 0009_otlp_agent_identity. Rows of agents without a Steward type cannot keep a
-- NOT NULL type, so they are deleted first (their steps and tool calls cascade with them).
DROP INDEX IF EXISTS "agent"."agent_invocations_conversation_key_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "agent"."agent_invocations_trace_idx";--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" DROP COLUMN IF EXISTS "conversation_key";--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" DROP COLUMN IF EXISTS "trace_id";--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" DROP COLUMN IF EXISTS "agent_name";--> statement-breakpoint
DELETE FROM "agent"."step_usage_daily" WHERE "agent_type" IS NULL;--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" ALTER COLUMN "agent_type" SET NOT NULL;--> statement-breakpoint
DELETE FROM "agent"."agent_invocations" WHERE "agent_type" IS NULL;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ALTER COLUMN "agent_type" SET NOT NULL;
