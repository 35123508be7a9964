-- Reverts 0011_retention: workspaces lose their telemetry retention setting, and the indexes
-- retention reads by go.
ALTER TABLE "agent"."workspaces" DROP CONSTRAINT "workspaces_telemetry_retention_days_positive";--> statement-breakpoint
DROP INDEX "agent"."feature_runs_finished_idx";--> statement-breakpoint
DROP INDEX "agent"."metrics_recorded_idx";--> statement-breakpoint
DROP INDEX "agent"."agent_invocations_root_finished_idx";--> statement-breakpoint
DROP INDEX "agent"."cta_events_answered_idx";--> statement-breakpoint
ALTER TABLE "agent"."workspaces" DROP COLUMN "telemetry_retention_days";
