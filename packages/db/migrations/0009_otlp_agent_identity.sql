ALTER TABLE "agent"."agent_invocations" ALTER COLUMN "agent_type" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" ALTER COLUMN "agent_type" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD COLUMN "agent_name" text;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD COLUMN "trace_id" text;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD COLUMN "conversation_key" text;--> statement-breakpoint
CREATE INDEX "agent_invocations_trace_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","trace_id");--> statement-breakpoint
CREATE INDEX "agent_invocations_conversation_key_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","conversation_key");