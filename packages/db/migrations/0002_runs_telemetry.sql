CREATE TYPE "agent"."agent_type" AS ENUM('orchestrator', 'explorer', 'coder', 'judge', 'meta_judge');--> statement-breakpoint
CREATE TYPE "agent"."cta_kind" AS ENUM('approval', 'text', 'choice');--> statement-breakpoint
CREATE TYPE "agent"."feature_phase" AS ENUM('analysis', 'approaches', 'judging', 'implementation', 'pr', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "agent"."finish_reason" AS ENUM('stop', 'length', 'content-filter', 'tool-calls', 'error', 'other');--> statement-breakpoint
CREATE TYPE "agent"."memory_kind" AS ENUM('insight', 'failure', 'decision', 'constraint');--> statement-breakpoint
CREATE TYPE "agent"."phase_status" AS ENUM('running', 'passed', 'failed');--> statement-breakpoint
CREATE TYPE "agent"."sandbox_source_type" AS ENUM('git', 'tarball', 'snapshot', 'empty');--> statement-breakpoint
CREATE TYPE "agent"."sandbox_status" AS ENUM('pending', 'running', 'stopping', 'stopped', 'failed', 'aborted', 'snapshotting');--> statement-breakpoint
CREATE TYPE "agent"."snapshot_status" AS ENUM('created', 'deleted', 'failed');--> statement-breakpoint
CREATE TYPE "agent"."tool_output_type" AS ENUM('text', 'json', 'execution-denied', 'error-text', 'error-json', 'content');--> statement-breakpoint
CREATE TABLE "agent"."sandbox_snapshots" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sandbox_id" uuid NOT NULL,
	"status" "agent"."snapshot_status" DEFAULT 'created' NOT NULL,
	"storage_ref" text,
	"size_bytes" bigint,
	"error" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_snapshots_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."sandboxes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" "agent"."sandbox_status" DEFAULT 'pending' NOT NULL,
	"source_type" "agent"."sandbox_source_type" DEFAULT 'empty' NOT NULL,
	"source_ref" text,
	"provider" text,
	"external_id" text,
	"metadata" jsonb,
	"error" text,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandboxes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."feature_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"feature_id" uuid,
	"sandbox_id" uuid,
	"title" text NOT NULL,
	"request" text,
	"current_phase" "agent"."feature_phase" DEFAULT 'analysis' NOT NULL,
	"input" jsonb,
	"result" jsonb,
	"error" text,
	"branch_name" text,
	"pull_request_url" text,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"step_count" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."phase_results" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"phase" "agent"."feature_phase" NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"status" "agent"."phase_status" DEFAULT 'running' NOT NULL,
	"output" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "phase_results_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "phase_results_run_phase_attempt_unique" UNIQUE("workspace_id","run_id","phase","attempt")
);
--> statement-breakpoint
CREATE TABLE "agent"."agent_invocations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_type" "agent"."agent_type" NOT NULL,
	"agent_id" uuid,
	"parent_invocation_id" uuid,
	"run_id" uuid,
	"phase_result_id" uuid,
	"task_id" uuid,
	"conversation_id" uuid,
	"model" text,
	"status" text DEFAULT 'running' NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"error" text,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"step_count" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_invocations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "agent_invocations_status_check" CHECK ("status" in ('running', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "agent_invocations_one_owner_check" CHECK (num_nonnulls("phase_result_id", "task_id", "conversation_id") <= 1),
	CONSTRAINT "agent_invocations_phase_has_run_check" CHECK ("phase_result_id" is null or "run_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "agent"."agent_steps" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invocation_id" uuid NOT NULL,
	"step_number" integer NOT NULL,
	"text" text,
	"reasoning" text,
	"finish_reason" "agent"."finish_reason",
	"raw_finish_reason" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"reasoning_tokens" integer,
	"cache_read_tokens" integer,
	"cache_write_tokens" integer,
	"model" text,
	"response_id" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_steps_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "agent_steps_invocation_step_number_unique" UNIQUE("workspace_id","invocation_id","step_number"),
	CONSTRAINT "agent_steps_step_number_check" CHECK ("step_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE "agent"."tool_calls" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invocation_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"tool_call_id" text NOT NULL,
	"tool_name" text NOT NULL,
	"input" jsonb,
	"output_type" "agent"."tool_output_type",
	"output" jsonb,
	"error" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tool_calls_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "tool_calls_status_check" CHECK ("status" in ('pending', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "agent"."memory_records" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"phase" "agent"."feature_phase",
	"kind" "agent"."memory_kind" NOT NULL,
	"content" text NOT NULL,
	"source_invocation_id" uuid,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memory_records_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."cta_events" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid,
	"invocation_id" uuid,
	"kind" "agent"."cta_kind" NOT NULL,
	"prompt" text NOT NULL,
	"options" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"response" jsonb,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cta_events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "cta_events_status_check" CHECK ("status" in ('pending', 'answered', 'cancelled', 'expired')),
	CONSTRAINT "cta_events_answer_check" CHECK (("status" = 'answered') = ("answered_at" is not null and "response" is not null)),
	CONSTRAINT "cta_events_choice_options_check" CHECK ("kind" <> 'choice' or (jsonb_typeof("options") = 'array' and jsonb_array_length("options") > 0))
);
--> statement-breakpoint
CREATE TABLE "agent"."checkpoints" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"run_id" uuid,
	"name" text,
	"reason" text,
	"state" jsonb NOT NULL,
	"git_commit" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkpoints_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "checkpoints_owner_check" CHECK (num_nonnulls("project_id", "run_id") >= 1)
);
--> statement-breakpoint
CREATE TABLE "agent"."metrics" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"agent_id" uuid,
	"agent_instance_id" uuid,
	"task_id" uuid,
	"run_id" uuid,
	"type" text NOT NULL,
	"value" double precision NOT NULL,
	"metadata" jsonb,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metrics_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent"."sandbox_snapshots" ADD CONSTRAINT "sandbox_snapshots_sandbox_fk" FOREIGN KEY ("workspace_id","sandbox_id") REFERENCES "agent"."sandboxes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."sandboxes" ADD CONSTRAINT "sandboxes_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD CONSTRAINT "feature_runs_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD CONSTRAINT "feature_runs_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD CONSTRAINT "feature_runs_feature_fk" FOREIGN KEY ("workspace_id","feature_id") REFERENCES "agent"."features"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD CONSTRAINT "feature_runs_sandbox_fk" FOREIGN KEY ("workspace_id","sandbox_id") REFERENCES "agent"."sandboxes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."phase_results" ADD CONSTRAINT "phase_results_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_parent_fk" FOREIGN KEY ("workspace_id","parent_invocation_id") REFERENCES "agent"."agent_invocations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_phase_result_fk" FOREIGN KEY ("workspace_id","phase_result_id") REFERENCES "agent"."phase_results"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_task_fk" FOREIGN KEY ("workspace_id","task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD CONSTRAINT "agent_invocations_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "agent"."conversations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_steps" ADD CONSTRAINT "agent_steps_invocation_fk" FOREIGN KEY ("workspace_id","invocation_id") REFERENCES "agent"."agent_invocations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tool_calls" ADD CONSTRAINT "tool_calls_invocation_fk" FOREIGN KEY ("workspace_id","invocation_id") REFERENCES "agent"."agent_invocations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tool_calls" ADD CONSTRAINT "tool_calls_step_fk" FOREIGN KEY ("workspace_id","step_id") REFERENCES "agent"."agent_steps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."memory_records" ADD CONSTRAINT "memory_records_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."memory_records" ADD CONSTRAINT "memory_records_source_invocation_fk" FOREIGN KEY ("workspace_id","source_invocation_id") REFERENCES "agent"."agent_invocations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."cta_events" ADD CONSTRAINT "cta_events_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."cta_events" ADD CONSTRAINT "cta_events_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."cta_events" ADD CONSTRAINT "cta_events_invocation_fk" FOREIGN KEY ("workspace_id","invocation_id") REFERENCES "agent"."agent_invocations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."cta_events" ADD CONSTRAINT "cta_events_answered_by_fk" FOREIGN KEY ("workspace_id","answered_by") REFERENCES "agent"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."checkpoints" ADD CONSTRAINT "checkpoints_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."checkpoints" ADD CONSTRAINT "checkpoints_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_agent_instance_fk" FOREIGN KEY ("workspace_id","agent_instance_id") REFERENCES "agent"."agent_instances"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_task_fk" FOREIGN KEY ("workspace_id","task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."metrics" ADD CONSTRAINT "metrics_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "agent"."feature_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_snapshots_sandbox_idx" ON "agent"."sandbox_snapshots" USING btree ("workspace_id","sandbox_id");--> statement-breakpoint
CREATE INDEX "sandboxes_status_idx" ON "agent"."sandboxes" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "feature_runs_current_phase_idx" ON "agent"."feature_runs" USING btree ("workspace_id","current_phase");--> statement-breakpoint
CREATE INDEX "feature_runs_project_idx" ON "agent"."feature_runs" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "phase_results_run_phase_idx" ON "agent"."phase_results" USING btree ("workspace_id","run_id","phase");--> statement-breakpoint
CREATE INDEX "agent_invocations_phase_result_agent_type_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","phase_result_id","agent_type");--> statement-breakpoint
CREATE INDEX "agent_invocations_parent_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","parent_invocation_id");--> statement-breakpoint
CREATE INDEX "agent_invocations_run_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","run_id");--> statement-breakpoint
CREATE INDEX "agent_invocations_task_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","task_id");--> statement-breakpoint
CREATE INDEX "agent_invocations_conversation_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","conversation_id");--> statement-breakpoint
CREATE INDEX "tool_calls_step_idx" ON "agent"."tool_calls" USING btree ("workspace_id","step_id");--> statement-breakpoint
CREATE INDEX "tool_calls_invocation_idx" ON "agent"."tool_calls" USING btree ("workspace_id","invocation_id");--> statement-breakpoint
CREATE INDEX "memory_records_run_phase_idx" ON "agent"."memory_records" USING btree ("workspace_id","run_id","phase");--> statement-breakpoint
CREATE INDEX "cta_events_run_idx" ON "agent"."cta_events" USING btree ("workspace_id","run_id");--> statement-breakpoint
CREATE INDEX "cta_events_status_idx" ON "agent"."cta_events" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "checkpoints_project_idx" ON "agent"."checkpoints" USING btree ("workspace_id","project_id","created_at");--> statement-breakpoint
CREATE INDEX "checkpoints_run_idx" ON "agent"."checkpoints" USING btree ("workspace_id","run_id","created_at");--> statement-breakpoint
CREATE INDEX "metrics_type_recorded_at_idx" ON "agent"."metrics" USING btree ("workspace_id","type","recorded_at");--> statement-breakpoint
CREATE INDEX "metrics_project_idx" ON "agent"."metrics" USING btree ("workspace_id","project_id","type");--> statement-breakpoint
CREATE INDEX "metrics_run_idx" ON "agent"."metrics" USING btree ("workspace_id","run_id","type");