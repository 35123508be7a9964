-- Reverts 0010_model_costs: steps, invocations, runs and daily usage lose their cost, and the
-- price table and the grant to edit it go.
ALTER TABLE "agent"."step_usage_daily" DROP COLUMN IF EXISTS "unpriced_step_count";--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "agent"."agent_steps" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" DROP COLUMN IF EXISTS "unpriced_step_count";--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" DROP COLUMN IF EXISTS "unpriced_step_count";--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "agent"."workspaces" DROP COLUMN IF EXISTS "can_edit_prices";--> statement-breakpoint
DROP TABLE IF EXISTS "agent"."model_prices";
