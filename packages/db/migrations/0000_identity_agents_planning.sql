CREATE SCHEMA IF NOT EXISTS "agent";
--> statement-breakpoint
CREATE TABLE "agent"."api_keys" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "api_keys_workspace_hash_unique" UNIQUE("workspace_id","key_hash"),
	CONSTRAINT "api_keys_scopes_check" CHECK ("scopes" <@ array['read', 'write', 'ingest', 'admin']::text[])
);
--> statement-breakpoint
CREATE TABLE "agent"."user_settings" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"default_model" text,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_settings_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."users" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "users_workspace_email_unique" UNIQUE("workspace_id","email")
);
--> statement-breakpoint
CREATE TABLE "agent"."workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "agent"."agent_capabilities" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"proficiency" smallint,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_capabilities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "agent_capabilities_agent_name_unique" UNIQUE("workspace_id","agent_id","name"),
	CONSTRAINT "agent_capabilities_proficiency_check" CHECK ("proficiency" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "agent"."agents" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"type" text NOT NULL,
	"mode" text NOT NULL,
	"description" text,
	"capability" text DEFAULT 'none' NOT NULL,
	"model" text,
	"capabilities" jsonb,
	"constraints" jsonb,
	"tools" jsonb,
	"metadata" jsonb,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "agents_workspace_slug_unique" UNIQUE("workspace_id","slug"),
	CONSTRAINT "agents_capability_check" CHECK ("capability" in ('none', 'search', 'fetch')),
	CONSTRAINT "agents_status_check" CHECK ("status" in ('active', 'inactive', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "agent"."traits" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"prompt" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traits_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "traits_workspace_name_unique" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "agent"."agent_traits" (
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"trait_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_traits_workspace_id_agent_id_trait_id_pk" PRIMARY KEY("workspace_id","agent_id","trait_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."agent_instances" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid,
	"type" text NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"current_task_id" uuid,
	"worktree_path" text,
	"branch_name" text,
	"tokens_used" bigint DEFAULT 0 NOT NULL,
	"tasks_completed" integer DEFAULT 0 NOT NULL,
	"tasks_failed" integer DEFAULT 0 NOT NULL,
	"spawned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"terminated_at" timestamp with time zone,
	"termination_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_instances_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "agent_instances_type_check" CHECK ("type" in ('planner', 'coder', 'tester', 'reviewer', 'merger'))
);
--> statement-breakpoint
CREATE TABLE "agent"."projects" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"mode" text NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"root_path" text NOT NULL,
	"repository_url" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "projects_mode_check" CHECK ("mode" in ('genesis', 'evolution'))
);
--> statement-breakpoint
CREATE TABLE "agent"."sprints" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"goal" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sprints_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "sprints_status_check" CHECK ("status" in ('planned', 'active', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "agent"."requirement_features" (
	"workspace_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"feature_id" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requirement_features_workspace_id_requirement_id_feature_id_pk" PRIMARY KEY("workspace_id","requirement_id","feature_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."requirements" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"source" text,
	"validated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requirements_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."features" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"priority" text DEFAULT 'should' NOT NULL,
	"status" text DEFAULT 'backlog' NOT NULL,
	"estimated_tasks" integer DEFAULT 0 NOT NULL,
	"completed_tasks" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "features_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "features_priority_check" CHECK ("priority" in ('must', 'should', 'could', 'wont'))
);
--> statement-breakpoint
CREATE TABLE "agent"."sub_features" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"feature_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'backlog' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sub_features_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."task_assignments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"status" text DEFAULT 'assigned' NOT NULL,
	"notes" text,
	"context" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_assignments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "task_assignments_status_check" CHECK ("status" in ('assigned', 'started', 'paused', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "agent"."task_dependencies" (
	"workspace_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"depends_on_task_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_dependencies_workspace_id_task_id_depends_on_task_id_pk" PRIMARY KEY("workspace_id","task_id","depends_on_task_id"),
	CONSTRAINT "task_dependencies_not_self_check" CHECK ("task_id" <> "depends_on_task_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."tasks" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"feature_id" uuid,
	"sub_feature_id" uuid,
	"sprint_id" uuid,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"size" text DEFAULT 'small' NOT NULL,
	"assignee_type" text,
	"assignee_id" uuid,
	"worktree_path" text,
	"branch_name" text,
	"blocked_by" text,
	"qa_iterations" integer DEFAULT 0 NOT NULL,
	"max_iterations" integer DEFAULT 50 NOT NULL,
	"estimated_minutes" integer DEFAULT 15,
	"actual_minutes" integer,
	"delegation_status" text DEFAULT 'unassigned' NOT NULL,
	"delegation_context" jsonb,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "tasks_status_check" CHECK ("status" in ('pending', 'in_progress', 'blocked', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "tasks_size_check" CHECK ("size" in ('atomic', 'small')),
	CONSTRAINT "tasks_assignee_type_check" CHECK ("assignee_type" in ('agent', 'user')),
	CONSTRAINT "tasks_delegation_status_check" CHECK ("delegation_status" in ('unassigned', 'assigned', 'in_progress', 'blocked', 'completed')),
	CONSTRAINT "tasks_assignee_pair_check" CHECK (("assignee_type" is null) = ("assignee_id" is null))
);
--> statement-breakpoint
CREATE TABLE "agent"."sessions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"data" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "sessions_type_check" CHECK ("type" in ('interview', 'planning', 'execution'))
);
--> statement-breakpoint
ALTER TABLE "agent"."api_keys" ADD CONSTRAINT "api_keys_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."user_settings" ADD CONSTRAINT "user_settings_user_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "agent"."users"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."users" ADD CONSTRAINT "users_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_capabilities" ADD CONSTRAINT "agent_capabilities_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agents" ADD CONSTRAINT "agents_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."traits" ADD CONSTRAINT "traits_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_traits" ADD CONSTRAINT "agent_traits_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_traits" ADD CONSTRAINT "agent_traits_trait_fk" FOREIGN KEY ("workspace_id","trait_id") REFERENCES "agent"."traits"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_instances" ADD CONSTRAINT "agent_instances_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_instances" ADD CONSTRAINT "agent_instances_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."agent_instances" ADD CONSTRAINT "agent_instances_task_fk" FOREIGN KEY ("workspace_id","current_task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."projects" ADD CONSTRAINT "projects_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."sprints" ADD CONSTRAINT "sprints_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."requirement_features" ADD CONSTRAINT "requirement_features_requirement_fk" FOREIGN KEY ("workspace_id","requirement_id") REFERENCES "agent"."requirements"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."requirement_features" ADD CONSTRAINT "requirement_features_feature_fk" FOREIGN KEY ("workspace_id","feature_id") REFERENCES "agent"."features"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."requirements" ADD CONSTRAINT "requirements_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."features" ADD CONSTRAINT "features_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."sub_features" ADD CONSTRAINT "sub_features_feature_fk" FOREIGN KEY ("workspace_id","feature_id") REFERENCES "agent"."features"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."task_assignments" ADD CONSTRAINT "task_assignments_task_fk" FOREIGN KEY ("workspace_id","task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."task_assignments" ADD CONSTRAINT "task_assignments_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "agent"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."task_assignments" ADD CONSTRAINT "task_assignments_user_fk" FOREIGN KEY ("workspace_id","assigned_by") REFERENCES "agent"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."task_dependencies" ADD CONSTRAINT "task_dependencies_task_fk" FOREIGN KEY ("workspace_id","task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."task_dependencies" ADD CONSTRAINT "task_dependencies_depends_on_fk" FOREIGN KEY ("workspace_id","depends_on_task_id") REFERENCES "agent"."tasks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tasks" ADD CONSTRAINT "tasks_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tasks" ADD CONSTRAINT "tasks_feature_fk" FOREIGN KEY ("workspace_id","feature_id") REFERENCES "agent"."features"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tasks" ADD CONSTRAINT "tasks_sub_feature_fk" FOREIGN KEY ("workspace_id","sub_feature_id") REFERENCES "agent"."sub_features"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."tasks" ADD CONSTRAINT "tasks_sprint_fk" FOREIGN KEY ("workspace_id","sprint_id") REFERENCES "agent"."sprints"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."sessions" ADD CONSTRAINT "sessions_project_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "agent"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_hash_idx" ON "agent"."api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "agents_type_status_idx" ON "agent"."agents" USING btree ("workspace_id","type","status");--> statement-breakpoint
CREATE INDEX "agent_instances_status_idx" ON "agent"."agent_instances" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "agent_instances_agent_idx" ON "agent"."agent_instances" USING btree ("workspace_id","agent_id");--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "agent"."projects" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "sprints_project_idx" ON "agent"."sprints" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "requirement_features_feature_idx" ON "agent"."requirement_features" USING btree ("workspace_id","feature_id");--> statement-breakpoint
CREATE INDEX "requirements_project_idx" ON "agent"."requirements" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "features_project_idx" ON "agent"."features" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "sub_features_feature_idx" ON "agent"."sub_features" USING btree ("workspace_id","feature_id");--> statement-breakpoint
CREATE INDEX "task_assignments_task_idx" ON "agent"."task_assignments" USING btree ("workspace_id","task_id");--> statement-breakpoint
CREATE INDEX "task_assignments_agent_idx" ON "agent"."task_assignments" USING btree ("workspace_id","agent_id");--> statement-breakpoint
CREATE INDEX "task_assignments_status_idx" ON "agent"."task_assignments" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "task_assignments_assigned_at_idx" ON "agent"."task_assignments" USING btree ("workspace_id","assigned_at");--> statement-breakpoint
CREATE INDEX "task_dependencies_depends_on_idx" ON "agent"."task_dependencies" USING btree ("workspace_id","depends_on_task_id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "agent"."tasks" USING btree ("workspace_id","assignee_type","assignee_id");--> statement-breakpoint
CREATE INDEX "tasks_delegation_status_idx" ON "agent"."tasks" USING btree ("workspace_id","delegation_status");--> statement-breakpoint
CREATE INDEX "tasks_project_status_idx" ON "agent"."tasks" USING btree ("workspace_id","project_id","status");--> statement-breakpoint
CREATE INDEX "sessions_project_idx" ON "agent"."sessions" USING btree ("workspace_id","project_id","status");