import { type Database, summarizeFault } from "@steward/db";
import { refreshPlannerStatistics } from "./inbox/planner-statistics";
import type { WorkerLogger } from "./run-worker";

/**
 * How often the worker looks for tables that filled without statistics or outgrew theirs: the
 * look is one catalog query (a few milliseconds), and until it runs a new install's first batches
 * are planned on empty tables' statistics (on the embedded store that was a third of a
 * 5,400-event run with a check a second).
 */
const checkEveryMs = 250;

/**
 * Decides, before each batch, whether the database may cache generic plans for the foreign-key
 * checks the batch fires (a key lookup each, planned once instead of once per row). That is
 * safe only on tables with statistics (see refreshPlannerStatistics), so at most four times a
 * second the guard gives statistics to those that filled without or outgrew theirs; while it
 * cannot (no right to ANALYZE, or the database is away), every check is planned afresh, as
 * without the guard.
 */
export function createPlanGuard(db: Database, logger: WorkerLogger) {
  let nextCheckAt = 0;
  let safe = false;
  let warned = false;
  return async function cachedPlansAllowed(): Promise<boolean> {
    if (Date.now() < nextCheckAt) return safe;
    nextCheckAt = Date.now() + checkEveryMs;
    try {
      const { analyzed } = await refreshPlannerStatistics(db);
      if (analyzed.length > 0) logger.info({ analyzed }, "worker: gave tables statistics");
      safe = true;
    } catch (error) {
      safe = false;
      if (!warned) {
        warned = true;
        logger.warn(
          { failure: summarizeFault(error) },
          "worker: cannot analyze tables; foreign-key checks are planned per row",
        );
      }
    }
    return safe;
  };
}
