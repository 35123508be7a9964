ALTER TABLE "agent"."api_keys" ADD COLUMN "rate_limit_per_second" integer;--> statement-breakpoint
ALTER TABLE "agent"."api_keys" ADD COLUMN "rate_limit_burst" integer;--> statement-breakpoint
ALTER TABLE "agent"."api_keys" ADD CONSTRAINT "api_keys_rate_limit_check" CHECK ("agent"."api_keys"."rate_limit_per_second" > 0 and "agent"."api_keys"."rate_limit_burst" > 0);