-- Reverts 0001_conversations. It altered no earlier table.
DROP TABLE "agent"."conversation_context";
--> statement-breakpoint
DROP TABLE "agent"."messages";
--> statement-breakpoint
DROP TABLE "agent"."conversations";
