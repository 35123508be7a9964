CREATE TABLE "agent"."step_usage_daily" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"model" text,
	"agent_type" "agent"."agent_type" NOT NULL,
	"agent_id" uuid,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"step_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "step_usage_daily_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "step_usage_daily_group_unique" UNIQUE NULLS NOT DISTINCT("workspace_id","day","model","agent_type","agent_id")
);
--> statement-breakpoint
DROP INDEX "agent"."cta_events_status_idx";--> statement-breakpoint
DROP INDEX "agent"."ingest_dead_letters_dead_at_idx";--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_parent_idx";--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_run_idx";--> statement-breakpoint
DROP INDEX "agent"."feature_runs_project_idx";--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" ADD CONSTRAINT "step_usage_daily_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Steps recorded before the rollup existed enter it here, so usage covers every step.
INSERT INTO "agent"."step_usage_daily" ("workspace_id", "day", "model", "agent_type", "agent_id",
  "input_tokens", "output_tokens", "total_tokens", "reasoning_tokens", "cache_read_tokens",
  "cache_write_tokens", "step_count")
SELECT s."workspace_id", (s."finished_at" AT TIME ZONE 'UTC')::date, s."model", i."agent_type",
  i."agent_id", coalesce(sum(s."input_tokens"), 0), coalesce(sum(s."output_tokens"), 0),
  coalesce(sum(s."total_tokens"), 0), coalesce(sum(s."reasoning_tokens"), 0),
  coalesce(sum(s."cache_read_tokens"), 0), coalesce(sum(s."cache_write_tokens"), 0), count(*)
FROM "agent"."agent_steps" s
JOIN "agent"."agent_invocations" i ON i."workspace_id" = s."workspace_id" AND i."id" = s."invocation_id"
WHERE s."finished_at" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
CREATE INDEX "cta_events_created_idx" ON "agent"."cta_events" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "cta_events_status_created_idx" ON "agent"."cta_events" USING btree ("workspace_id","status",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "ingest_dead_letters_dead_idx" ON "agent"."ingest_dead_letters" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "dead_at", '2000-01-01T00:00:00Z'::timestamptz),"event_id");--> statement-breakpoint
CREATE INDEX "agent_invocations_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_agent_type_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","agent_type",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_agent_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","agent_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_model_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","model",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_status_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","status",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_parent_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","parent_invocation_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "agent_invocations_run_created_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","run_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "feature_runs_created_idx" ON "agent"."feature_runs" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "feature_runs_phase_created_idx" ON "agent"."feature_runs" USING btree ("workspace_id","current_phase",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "feature_runs_project_created_idx" ON "agent"."feature_runs" USING btree ("workspace_id","project_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "feature_runs_running_created_idx" ON "agent"."feature_runs" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id") WHERE "agent"."feature_runs"."current_phase" not in ('completed', 'failed');--> statement-breakpoint
CREATE INDEX "feature_runs_started_idx" ON "agent"."feature_runs" USING btree ("workspace_id","started_at");--> statement-breakpoint
CREATE INDEX "tool_calls_created_idx" ON "agent"."tool_calls" USING btree ("workspace_id",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tool_calls_tool_name_created_idx" ON "agent"."tool_calls" USING btree ("workspace_id","tool_name",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tool_calls_status_created_idx" ON "agent"."tool_calls" USING btree ("workspace_id","status",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tool_calls_output_type_created_idx" ON "agent"."tool_calls" USING btree ("workspace_id","output_type",date_bin('1 millisecond'::interval, "created_at", '2000-01-01T00:00:00Z'::timestamptz),"id");