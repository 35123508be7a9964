CREATE TABLE "agent"."model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" text NOT NULL,
	"provider" text,
	"effective_from" date NOT NULL,
	"input_price" numeric(12, 6) NOT NULL,
	"output_price" numeric(12, 6) NOT NULL,
	"cache_read_price" numeric(12, 6),
	"cache_write_price" numeric(12, 6),
	"reasoning_price" numeric(12, 6),
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_prices_model_effective_from_unique" UNIQUE("model","effective_from"),
	CONSTRAINT "model_prices_model_check" CHECK ("model" <> '' and "model" = (case when regexp_replace(regexp_replace(regexp_replace(lower(btrim("model")), '^.*/', ''), '^([a-z]+[.])?anthropic[.]', ''), '-v[0-9]+:[0-9]+$', '') like 'claude-%' then replace(regexp_replace(regexp_replace(regexp_replace(lower(btrim("model")), '^.*/', ''), '^([a-z]+[.])?anthropic[.]', ''), '-v[0-9]+:[0-9]+$', ''), '.', '-') else regexp_replace(regexp_replace(regexp_replace(lower(btrim("model")), '^.*/', ''), '^([a-z]+[.])?anthropic[.]', ''), '-v[0-9]+:[0-9]+$', '') end)),
	CONSTRAINT "model_prices_nonnegative_check" CHECK ("input_price" >= 0 and "output_price" >= 0 and "cache_read_price" >= 0 and "cache_write_price" >= 0 and "reasoning_price" >= 0)
);
--> statement-breakpoint
ALTER TABLE "agent"."workspaces" ADD COLUMN "can_edit_prices" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "agent"."agent_invocations" ADD COLUMN "unpriced_step_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "agent"."feature_runs" ADD COLUMN "unpriced_step_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent"."agent_steps" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "agent"."step_usage_daily" ADD COLUMN "unpriced_step_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Steps recorded before costs existed were never priced: they count as unpriced, so no total
-- shows their cost as 0.
UPDATE "agent"."agent_invocations" SET "unpriced_step_count" = "step_count" WHERE "step_count" > 0;--> statement-breakpoint
UPDATE "agent"."feature_runs" SET "unpriced_step_count" = "step_count" WHERE "step_count" > 0;--> statement-breakpoint
UPDATE "agent"."step_usage_daily" SET "unpriced_step_count" = "step_count" WHERE "step_count" > 0;--> statement-breakpoint
-- The providers' list prices in USD per million tokens, each from the UTC day it took effect
-- (the model's release, or the day its price changed), with the page that publishes it. They
-- were written down from those pages as known at the end of 2025 and NOT re-checked online
-- when this migration was written: review them (`pnpm steward prices list`) and correct them
-- (`pnpm steward prices set`) against the pages before relying on a cost.
-- A price left NULL costs its parent kind's price: cache reads and writes cost input, reasoning
-- costs output (OpenAI and Google bill reasoning and thinking tokens as output; OpenAI and
-- Google charge no cache write). Anthropic's cache write is its 5-minute write (1.25x input);
-- 1-hour writes cost 2x input and are not told apart in the usage. Google's and Anthropic's
-- long-prompt tiers (over 200K tokens) cost more than these rows, which price the first tier.
INSERT INTO "agent"."model_prices" ("model", "provider", "effective_from", "input_price",
  "output_price", "cache_read_price", "cache_write_price", "reasoning_price", "source") VALUES
  -- GPT-5 at launch
  ('gpt-5', 'openai', '2025-08-07', 1.25, 10, 0.125, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-5 mini at launch
  ('gpt-5-mini', 'openai', '2025-08-07', 0.25, 2, 0.025, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-5 nano at launch
  ('gpt-5-nano', 'openai', '2025-08-07', 0.05, 0.4, 0.005, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-5.1 at launch, GPT-5's price
  ('gpt-5.1', 'openai', '2025-11-13', 1.25, 10, 0.125, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-4.1 at launch
  ('gpt-4.1', 'openai', '2025-04-14', 2, 8, 0.5, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-4.1 mini at launch
  ('gpt-4.1-mini', 'openai', '2025-04-14', 0.4, 1.6, 0.1, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-4.1 nano at launch
  ('gpt-4.1-nano', 'openai', '2025-04-14', 0.1, 0.4, 0.025, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- the day the gpt-4o alias moved to gpt-4o-2024-08-06's price
  ('gpt-4o', 'openai', '2024-10-02', 2.5, 10, 1.25, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- the first GPT-4o snapshot keeps its own, higher price
  ('gpt-4o-2024-05-13', 'openai', '2024-05-13', 5, 15, NULL, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- GPT-4o mini at launch (cached input from 2024-10-01)
  ('gpt-4o-mini', 'openai', '2024-07-18', 0.15, 0.6, 0.075, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- o3 at launch
  ('o3', 'openai', '2025-04-16', 10, 40, 2.5, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- o3 after its 80% price cut
  ('o3', 'openai', '2025-06-10', 2, 8, 0.5, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- o4-mini at launch
  ('o4-mini', 'openai', '2025-04-16', 1.1, 4.4, 0.275, NULL, NULL, 'https://openai.com/api/pricing/'),
  -- Claude Opus 4.5 at launch
  ('claude-opus-4-5', 'anthropic', '2025-11-24', 5, 25, 0.5, 6.25, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude Opus 4.1 at launch
  ('claude-opus-4-1', 'anthropic', '2025-08-05', 15, 75, 1.5, 18.75, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude Opus 4 at launch
  ('claude-opus-4', 'anthropic', '2025-05-22', 15, 75, 1.5, 18.75, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude Sonnet 4.5 at launch, prompts up to 200K tokens
  ('claude-sonnet-4-5', 'anthropic', '2025-09-29', 3, 15, 0.3, 3.75, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude Sonnet 4 at launch, prompts up to 200K tokens
  ('claude-sonnet-4', 'anthropic', '2025-05-22', 3, 15, 0.3, 3.75, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude 3.7 Sonnet at launch
  ('claude-3-7-sonnet', 'anthropic', '2025-02-24', 3, 15, 0.3, 3.75, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Claude Haiku 4.5 at launch
  ('claude-haiku-4-5', 'anthropic', '2025-10-15', 1, 5, 0.1, 1.25, NULL, 'https://docs.anthropic.com/en/docs/about-claude/pricing'),
  -- Gemini 3 Pro preview at launch, prompts up to 200K tokens
  ('gemini-3-pro-preview', 'google', '2025-11-18', 2, 12, 0.2, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing'),
  -- Gemini 2.5 Pro at general availability, prompts up to 200K tokens
  ('gemini-2.5-pro', 'google', '2025-06-17', 1.25, 10, 0.31, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing'),
  -- Gemini 2.5 Flash at general availability, text input
  ('gemini-2.5-flash', 'google', '2025-06-17', 0.3, 2.5, 0.075, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing'),
  -- Gemini 2.5 Flash-Lite at general availability, text input
  ('gemini-2.5-flash-lite', 'google', '2025-07-22', 0.1, 0.4, 0.025, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing'),
  -- Gemini 2.0 Flash at general availability, text input
  ('gemini-2.0-flash', 'google', '2025-02-05', 0.1, 0.4, 0.025, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing'),
  -- Gemini 2.0 Flash-Lite at general availability
  ('gemini-2.0-flash-lite', 'google', '2025-02-25', 0.075, 0.3, NULL, NULL, NULL, 'https://ai.google.dev/gemini-api/docs/pricing');
