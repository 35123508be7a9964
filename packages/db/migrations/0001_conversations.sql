CREATE TABLE "agent"."conversation_context" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"context_type" varchar(50) NOT NULL,
	"context_key" varchar(255) NOT NULL,
	"context_value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_context_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "conversation_context_conversation_key_unique" UNIQUE("workspace_id","conversation_id","context_key"),
	CONSTRAINT "conversation_context_type_check" CHECK ("context_type" in ('domain', 'preference', 'project', 'technology'))
);
--> statement-breakpoint
CREATE TABLE "agent"."conversations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"title" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agent"."messages" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"message_type" varchar(32) DEFAULT 'text' NOT NULL,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "messages_role_check" CHECK ("role" in ('user', 'assistant', 'system', 'tool')),
	CONSTRAINT "messages_message_type_check" CHECK ("message_type" in ('text', 'agent_request', 'agent_progress', 'agent_result'))
);
--> statement-breakpoint
ALTER TABLE "agent"."conversation_context" ADD CONSTRAINT "conversation_context_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "agent"."conversations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."conversations" ADD CONSTRAINT "conversations_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."conversations" ADD CONSTRAINT "conversations_user_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "agent"."users"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."messages" ADD CONSTRAINT "messages_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "agent"."conversations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_user_idx" ON "agent"."conversations" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_created_at_idx" ON "agent"."messages" USING btree ("workspace_id","conversation_id","created_at");