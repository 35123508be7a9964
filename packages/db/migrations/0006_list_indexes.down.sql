-- Reverts 0006_list_indexes: the list indexes and the daily usage rollup.
-- The indexes 0006 replaced come back as 0002 and 0004 made them; the rollup is derived from
-- the steps, so dropping it loses nothing the steps do not hold.
CREATE INDEX "cta_events_status_idx" ON "agent"."cta_events" USING btree ("workspace_id","status");
--> statement-breakpoint
CREATE INDEX "ingest_dead_letters_dead_at_idx" ON "agent"."ingest_dead_letters" USING btree ("workspace_id","dead_at");
--> statement-breakpoint
CREATE INDEX "agent_invocations_parent_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","parent_invocation_id");
--> statement-breakpoint
CREATE INDEX "agent_invocations_run_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","run_id");
--> statement-breakpoint
CREATE INDEX "feature_runs_project_idx" ON "agent"."feature_runs" USING btree ("workspace_id","project_id");
--> statement-breakpoint
DROP INDEX "agent"."cta_events_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."cta_events_status_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."ingest_dead_letters_dead_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_agent_type_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_agent_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_model_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_status_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_parent_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_run_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."feature_runs_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."feature_runs_phase_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."feature_runs_project_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."feature_runs_running_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."feature_runs_started_idx";
--> statement-breakpoint
DROP INDEX "agent"."tool_calls_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."tool_calls_tool_name_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."tool_calls_status_created_idx";
--> statement-breakpoint
DROP INDEX "agent"."tool_calls_output_type_created_idx";
--> statement-breakpoint
DROP TABLE "agent"."step_usage_daily";
