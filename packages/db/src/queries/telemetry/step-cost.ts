import { type SQL, sql } from "drizzle-orm";
import { priceInEffect } from "../model-prices";

/**
 * The price in effect for step `n` of invocation `iv`, as lateral row `p` (`left join lateral
 * (…) p on true`): the price of the step's model, or of its invocation's when the step names
 * none, on the UTC day the step finished.
 */
export const stepPrice: SQL = priceInEffect(
  sql.raw("coalesce(n.model, iv.model)"),
  sql.raw("(n.finished_at at time zone 'UTC')::date"),
);

/**
 * What step `n` cost at price `p`, in USD, computed in numeric so it is exact: tokens × price
 * per million × 0.000001 (a multiplication, which numeric never rounds). Unknown (null) when no
 * price applies, or when the step reported no input or no output tokens: part of a cost is never
 * shown as the whole.
 *
 * Token counts follow the AI SDK's usage (v6 on): input tokens include the cache reads and
 * writes, output tokens include the reasoning. Each kind is priced at its own price, or at its
 * parent kind's when the model has none. Counts that contradict that reading (cache reads and
 * writes above the input; reasoning above the output, as providers that report them apart do)
 * are read the providers' way: the input, or the output, then excludes them.
 */
export const stepCost: SQL = sql.raw(`case when p.id is not null
    and n.input_tokens is not null and n.output_tokens is not null then
    trim_scale((
      (n.input_tokens - case when coalesce(n.cache_read_tokens, 0) + coalesce(n.cache_write_tokens, 0)
        <= n.input_tokens then coalesce(n.cache_read_tokens, 0) + coalesce(n.cache_write_tokens, 0)
        else 0 end) * p.input_price
      + coalesce(n.cache_read_tokens, 0) * coalesce(p.cache_read_price, p.input_price)
      + coalesce(n.cache_write_tokens, 0) * coalesce(p.cache_write_price, p.input_price)
      + (n.output_tokens - case when coalesce(n.reasoning_tokens, 0) <= n.output_tokens
        then coalesce(n.reasoning_tokens, 0) else 0 end) * p.output_price
      + coalesce(n.reasoning_tokens, 0) * coalesce(p.reasoning_price, p.output_price)
    ) * 0.000001)
  end`);

/**
 * Cost totals of a group of inserted steps (`cost_usd` each): the known costs summed (null when
 * none is known, as `sum` gives) and the steps whose cost is unknown counted.
 */
export const costSums = `sum(cost_usd) as cost_usd,
  count(*) filter (where cost_usd is null) as unpriced_step_count`;

/** The same totals over groups that were summed already. */
export const costResums = `sum(cost_usd) as cost_usd, sum(unpriced_step_count) as unpriced_step_count`;

/**
 * Adds the cost totals of `alias` to the row `t`. A known part added to an unknown one stays
 * known, so null only while no step of either is priced; counts add like tokens.
 */
export const addCosts = (alias: string) =>
  `cost_usd = trim_scale(coalesce(t.cost_usd + ${alias}.cost_usd, t.cost_usd, ${alias}.cost_usd)),
  unpriced_step_count = t.unpriced_step_count + ${alias}.unpriced_step_count`;
