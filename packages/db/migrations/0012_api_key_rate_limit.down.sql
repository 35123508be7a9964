-- Reverts 0012_api_key_rate_limit: every key takes the server's default rate limit again.
ALTER TABLE "agent"."api_keys" DROP CONSTRAINT IF EXISTS "api_keys_rate_limit_check";--> statement-breakpoint
ALTER TABLE "agent"."api_keys" DROP COLUMN IF EXISTS "rate_limit_burst";--> statement-breakpoint
ALTER TABLE "agent"."api_keys" DROP COLUMN IF EXISTS "rate_limit_per_second";
