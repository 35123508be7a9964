/**
 * Money as the API sends it: exact decimal strings, shown as they are (never through a float).
 * An unknown cost reads "unknown", never $0; a total with unpriced steps says it is a part.
 */

/** A step's cost: null when its model has no price or it reported no usage. */
export function formatStepCost(costUsd: string | null | undefined): string {
  return costUsd === null || costUsd === undefined ? "unknown" : `$${costUsd}`;
}

/** A rolled-up cost (an invocation's, a run's): the priced part, and how many steps it lacks. */
export function formatTotalCost(total: {
  costUsd: string | null;
  unpricedStepCount: number;
}): string {
  const { costUsd, unpricedStepCount } = total;
  if (unpricedStepCount === 0) return costUsd === null ? "—" : `$${costUsd}`;
  const unpriced = `${unpricedStepCount} step${unpricedStepCount === 1 ? "" : "s"} unpriced`;
  return costUsd === null ? `unknown (${unpriced})` : `≥ $${costUsd} (${unpriced})`;
}
