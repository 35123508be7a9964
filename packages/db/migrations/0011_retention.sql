ALTER TABLE "agent"."workspaces" ADD COLUMN "telemetry_retention_days" integer;--> statement-breakpoint
CREATE INDEX "cta_events_answered_idx" ON "agent"."cta_events" USING btree ("workspace_id","answered_at") WHERE "agent"."cta_events"."answered_at" is not null;--> statement-breakpoint
CREATE INDEX "agent_invocations_root_finished_idx" ON "agent"."agent_invocations" USING btree ("workspace_id","finished_at") WHERE "agent"."agent_invocations"."run_id" is null and "agent"."agent_invocations"."parent_invocation_id" is null;--> statement-breakpoint
CREATE INDEX "metrics_recorded_idx" ON "agent"."metrics" USING btree ("workspace_id","recorded_at");--> statement-breakpoint
CREATE INDEX "feature_runs_finished_idx" ON "agent"."feature_runs" USING btree ("workspace_id","finished_at");--> statement-breakpoint
ALTER TABLE "agent"."workspaces" ADD CONSTRAINT "workspaces_telemetry_retention_days_positive" CHECK ("agent"."workspaces"."telemetry_retention_days" > 0);