-- Reverts 0000_identity_agents_planning. The "agent" schema itself stays: it also holds the
-- migrations table, and a user may have put nothing else there, but we never drop what we
-- cannot be sure is ours alone.
DROP TABLE "agent"."sessions";
--> statement-breakpoint
DROP TABLE "agent"."task_assignments";
--> statement-breakpoint
DROP TABLE "agent"."task_dependencies";
--> statement-breakpoint
DROP TABLE "agent"."agent_instances";
--> statement-breakpoint
DROP TABLE "agent"."tasks";
--> statement-breakpoint
DROP TABLE "agent"."requirement_features";
--> statement-breakpoint
DROP TABLE "agent"."requirements";
--> statement-breakpoint
DROP TABLE "agent"."sub_features";
--> statement-breakpoint
DROP TABLE "agent"."features";
--> statement-breakpoint
DROP TABLE "agent"."sprints";
--> statement-breakpoint
DROP TABLE "agent"."projects";
--> statement-breakpoint
DROP TABLE "agent"."agent_traits";
--> statement-breakpoint
DROP TABLE "agent"."traits";
--> statement-breakpoint
DROP TABLE "agent"."agent_capabilities";
--> statement-breakpoint
DROP TABLE "agent"."agents";
--> statement-breakpoint
DROP TABLE "agent"."api_keys";
--> statement-breakpoint
DROP TABLE "agent"."user_settings";
--> statement-breakpoint
DROP TABLE "agent"."users";
--> statement-breakpoint
DROP TABLE "agent"."workspaces";
