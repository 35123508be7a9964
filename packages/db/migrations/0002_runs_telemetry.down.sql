-- Reverts 0002_runs_telemetry: the run and telemetry tables and seed 001's enums.
-- 0002 altered no earlier table, so dropping what it created restores 0001 exactly.
-- Children before parents, without CASCADE, so an unexpected dependency fails loudly.
DROP TABLE "agent"."metrics";
--> statement-breakpoint
DROP TABLE "agent"."checkpoints";
--> statement-breakpoint
DROP TABLE "agent"."cta_events";
--> statement-breakpoint
DROP TABLE "agent"."memory_records";
--> statement-breakpoint
DROP TABLE "agent"."tool_calls";
--> statement-breakpoint
DROP TABLE "agent"."agent_steps";
--> statement-breakpoint
DROP TABLE "agent"."agent_invocations";
--> statement-breakpoint
DROP TABLE "agent"."phase_results";
--> statement-breakpoint
DROP TABLE "agent"."feature_runs";
--> statement-breakpoint
DROP TABLE "agent"."sandbox_snapshots";
--> statement-breakpoint
DROP TABLE "agent"."sandboxes";
--> statement-breakpoint
DROP TYPE "agent"."agent_type";
--> statement-breakpoint
DROP TYPE "agent"."cta_kind";
--> statement-breakpoint
DROP TYPE "agent"."feature_phase";
--> statement-breakpoint
DROP TYPE "agent"."finish_reason";
--> statement-breakpoint
DROP TYPE "agent"."memory_kind";
--> statement-breakpoint
DROP TYPE "agent"."phase_status";
--> statement-breakpoint
DROP TYPE "agent"."sandbox_source_type";
--> statement-breakpoint
DROP TYPE "agent"."sandbox_status";
--> statement-breakpoint
DROP TYPE "agent"."snapshot_status";
--> statement-breakpoint
DROP TYPE "agent"."tool_output_type";
