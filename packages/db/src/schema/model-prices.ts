import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { check, date, numeric, text, unique, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { timestamps } from "./columns";

/**
 * A model name as providers, gateways and SDKs spell it, reduced to the name prices are kept
 * under. The rules, in order:
 * 1. case and surrounding spaces do not count: `GPT-5 ` is `gpt-5`;
 * 2. a provider or path prefix goes, up to the last `/`: `openai/gpt-5`, `anthropic/…`,
 *    `google/…`, `models/gemini-2.5-pro`, `publishers/google/models/…`;
 * 3. Amazon Bedrock's `anthropic.` (or `us.anthropic.`, `eu.anthropic.`, …) prefix and its
 *    `-v1:0` version suffix go;
 * 4. in a Claude name, dots are dashes: gateways write `claude-sonnet-4.5`, Anthropic
 *    `claude-sonnet-4-5`.
 * A price row's `model` must already be in this form (a check says so), so every row can match.
 */
export function modelNameKey(name: SQLWrapper): SQL {
  const unprefixed = sql`regexp_replace(regexp_replace(regexp_replace(lower(btrim(${name})), '^.*/', ''), '^([a-z]+[.])?anthropic[.]', ''), '-v[0-9]+:[0-9]+$', '')`;
  return sql`(case when ${unprefixed} like 'claude-%' then replace(${unprefixed}, '.', '-') else ${unprefixed} end)`;
}

/**
 * A key without its snapshot or version marker, the model's undated name:
 * `-20250929` (Anthropic), `-2025-08-07` (OpenAI), `-001` (Google's stable versions),
 * `@20250929` (Vertex AI) and `-latest`. A name is priced under its own key first, so a dated
 * snapshot priced apart keeps its price, and under its undated name otherwise.
 */
export function undatedModelKey(key: SQL): SQL {
  return sql`regexp_replace(${key}, '[-@]([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{3}|latest)$', '')`;
}

/** USD per million tokens, to the millionth of a dollar: exact, never a float. */
const usdPerMillionTokens = (name: string) => numeric(name, { precision: 12, scale: 6 });

/**
 * The list price of a model from a day on: USD per million tokens of each kind. Global, not a
 * workspace's: any key reads it, and only the operator (or a workspace the operator granted)
 * changes it. A step is priced when the worker applies it, at the row in effect on the UTC day
 * the step finished, and keeps that cost: a later change prices only steps applied after it.
 *
 * A kind without its own price costs what its parent kind costs: cache reads and writes are
 * input, reasoning is output (as every major provider bills it).
 */
export const modelPrices = agentSchema.table(
  "model_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The name the price is kept under, in `modelNameKey`'s form: `gpt-5`, `claude-sonnet-4-5`. */
    model: text("model").notNull(),
    /** Who sells it, for people reading the table: `openai`, `anthropic`, `google`. */
    provider: text("provider"),
    /** The first UTC day this price applies to. */
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    inputPrice: usdPerMillionTokens("input_price").notNull(),
    outputPrice: usdPerMillionTokens("output_price").notNull(),
    cacheReadPrice: usdPerMillionTokens("cache_read_price"),
    cacheWritePrice: usdPerMillionTokens("cache_write_price"),
    reasoningPrice: usdPerMillionTokens("reasoning_price"),
    /** Where the price was read: the provider's pricing page, or the operator's note. */
    source: text("source"),
    ...timestamps,
  },
  (t) => [
    unique("model_prices_model_effective_from_unique").on(t.model, t.effectiveFrom),
    // Every row can match: its model is already in the form names reduce to.
    check(
      "model_prices_model_check",
      sql`"model" <> '' and "model" = ${modelNameKey(sql.raw('"model"'))}`,
    ),
    check(
      "model_prices_nonnegative_check",
      sql.raw(
        `"input_price" >= 0 and "output_price" >= 0 and "cache_read_price" >= 0 and "cache_write_price" >= 0 and "reasoning_price" >= 0`,
      ),
    ),
  ],
);
