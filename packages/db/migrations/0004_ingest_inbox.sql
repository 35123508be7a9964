CREATE TABLE "agent"."ingest_dead_letters" (
	"workspace_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"reason" text NOT NULL,
	"attempts" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"dead_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_dead_letters_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."ingest_inbox" (
	"workspace_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "ingest_inbox_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "agent"."ingested_events" (
	"workspace_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingested_events_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "agent"."ingest_dead_letters" ADD CONSTRAINT "ingest_dead_letters_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."ingest_inbox" ADD CONSTRAINT "ingest_inbox_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent"."ingested_events" ADD CONSTRAINT "ingested_events_workspace_fk" FOREIGN KEY ("workspace_id") REFERENCES "agent"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_dead_letters_dead_at_idx" ON "agent"."ingest_dead_letters" USING btree ("workspace_id","dead_at");--> statement-breakpoint
CREATE INDEX "ingest_inbox_available_at_idx" ON "agent"."ingest_inbox" USING btree ("available_at");