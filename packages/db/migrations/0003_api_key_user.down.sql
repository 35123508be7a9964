-- Reverts 0003_api_key_user: keys no longer name the user they act for.
ALTER TABLE "agent"."api_keys" DROP CONSTRAINT "api_keys_user_fk";
--> statement-breakpoint
ALTER TABLE "agent"."api_keys" DROP COLUMN "user_id";
