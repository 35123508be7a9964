import { agentInvocations, agentSteps, featureRuns, modelPrices, priceInEffect } from "@steward/db";
import { type SQL, sql } from "drizzle-orm";
import { columnNames } from "./fields";

const n = columnNames(agentSteps);
const p = columnNames(modelPrices);
const t = columnNames(agentInvocations);

/**
 * The price in effect for step `n` of invocation `iv`, as lateral row `p` (`left join lateral
 * (…) p on true`): the price of the step's model, or of its invocation's when the step names
 * none, on the UTC day the step finished.
 */
export const stepPrice: SQL = priceInEffect(
  sql`coalesce(n.${n.model}, iv.${t.model})`,
  sql`(n.${n.finishedAt} at time zone 'UTC')::date`,
);

const cacheRead = sql`coalesce(n.${n.cacheReadTokens}, 0)`;
const cacheWrite = sql`coalesce(n.${n.cacheWriteTokens}, 0)`;
const reasoning = sql`coalesce(n.${n.reasoningTokens}, 0)`;

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
export const stepCost: SQL = sql`case when p.${p.id} is not null
    and n.${n.inputTokens} is not null and n.${n.outputTokens} is not null then
    trim_scale((
      (n.${n.inputTokens} - case when ${cacheRead} + ${cacheWrite}
        <= n.${n.inputTokens} then ${cacheRead} + ${cacheWrite}
        else 0 end) * p.${p.inputPrice}
      + ${cacheRead} * coalesce(p.${p.cacheReadPrice}, p.${p.inputPrice})
      + ${cacheWrite} * coalesce(p.${p.cacheWritePrice}, p.${p.inputPrice})
      + (n.${n.outputTokens} - case when ${reasoning} <= n.${n.outputTokens}
        then ${reasoning} else 0 end) * p.${p.outputPrice}
      + ${reasoning} * coalesce(p.${p.reasoningPrice}, p.${p.outputPrice})
    ) * 0.000001)
  end`;

// Invocations, runs and days hold the same cost totals under the same names.
const { costUsd, unpricedStepCount } = columnNames(featureRuns);

/**
 * Cost totals of a group of inserted steps (`cost_usd` each): the known costs summed (null when
 * none is known, as `sum` gives) and the steps whose cost is unknown counted.
 */
export const costSums = sql`sum(${costUsd}) as ${costUsd},
  count(*) filter (where ${costUsd} is null) as ${unpricedStepCount}`;

/** The same totals over groups that were summed already. */
export const costResums = sql`sum(${costUsd}) as ${costUsd},
  sum(${unpricedStepCount}) as ${unpricedStepCount}`;

/**
 * Adds the cost totals of `alias` to the row `t`. A known part added to an unknown one stays
 * known, so null only while no step of either is priced; counts add like tokens.
 */
export const addCosts = (alias: string) => {
  const a = sql.identifier(alias);
  return sql`${costUsd} = trim_scale(coalesce(t.${costUsd} + ${a}.${costUsd}, t.${costUsd},
    ${a}.${costUsd})),
  ${unpricedStepCount} = t.${unpricedStepCount} + ${a}.${unpricedStepCount}`;
};
