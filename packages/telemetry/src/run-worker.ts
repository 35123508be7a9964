import {
  changeNoticeOf,
  type Database,
  type DatabaseClient,
  notifyChanges,
  summarizeFault,
} from "@steward/db";
import { classifyFailure, refusalReason } from "./failure-kind";
import { buryEvent } from "./inbox/inbox";
import { createInboxWakeup } from "./inbox-wakeup";
import { createPlanGuard } from "./plan-guard";
import { type BatchOptions, defaultBatchOptions, processInboxBatch } from "./process-batch";

export type WorkerLogger = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type RunWorkerOptions = {
  db: Database;
  logger: WorkerLogger;
  /** Aborting lets the current batch finish, then the loop returns. */
  signal: AbortSignal;
  batch?: Partial<BatchOptions>;
  /**
   * Wakes the idle loop when events are queued (`DatabaseClient.listen`); without it, an idle
   * worker looks again every `idlePollMs`.
   */
  listen?: DatabaseClient["listen"];
  /** Longest wait while nothing is due: the poll, or the safety net when listening. */
  idlePollMs?: number;
  /**
   * After a batch that took everything due, the next starts no sooner than this after it
   * began: under a steady load the worker so applies what came meanwhile in one batch, not
   * one small batch per request, each paying a batch's fixed cost. An idle worker still wakes
   * at once for the first event.
   */
  lingerMs?: number;
  /**
   * `db` prepares no statement of its own (`prepare: false`): foreign-key checks may then use
   * cached plans once their tables have statistics (see createPlanGuard).
   */
  unprepared?: boolean;
  /** Longest wait between tries while the database is unreachable. */
  maxReconnectDelayMs?: number;
  /** Told of each batch that claimed events, with how long it took (metrics). */
  onBatch?: (batch: { applied: number; deadLettered: number; durationMs: number }) => void;
};

/** The idle wait when nothing says sooner; a listening worker is woken long before it. */
export const defaultIdlePollMs = 1_000;

/** See RunWorkerOptions.lingerMs. */
export const defaultLingerMs = 100;

export type WorkerTotals = {
  batches: number;
  applied: number;
  duplicates: number;
  deadLettered: number;
};

/**
 * The worker's loop: batch after batch until stopped. A batch whose database is unavailable is
 * retried unchanged after a growing pause. Events the database refuses are isolated inside
 * their batch (processInboxBatch); should a batch still fail for such a reason outside the
 * apply statements, its events are taken one at a time, and the one that fails alone becomes
 * a dead letter.
 */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerTotals> {
  const { db, logger, signal } = options;
  const settings = { ...defaultBatchOptions, ...options.batch };
  const totals: WorkerTotals = { batches: 0, applied: 0, duplicates: 0, deadLettered: 0 };
  let isolateNext = 0;
  let failures = 0;
  const wakeup = createInboxWakeup(options.listen, logger);
  const cachedPlansAllowed = options.unprepared ? createPlanGuard(db, logger) : async () => false;

  while (!signal.aborted) {
    wakeup.arm();
    let claimedKeys: { workspaceId: string; eventId: string }[] = [];
    const batchSize = isolateNext > 0 ? 1 : settings.batchSize;
    const startedAt = performance.now();
    try {
      const cachedPlans = await cachedPlansAllowed();
      const outcome = await processInboxBatch(
        db,
        { ...settings, batchSize, cachedPlans },
        (keys) => {
          claimedKeys = keys;
        },
      );
      if (failures > 0) logger.info({ after: failures }, "worker: database reachable again");
      failures = 0;
      if (isolateNext > 0) isolateNext--;
      totals.batches += outcome.claimed > 0 ? 1 : 0;
      totals.applied += outcome.applied;
      totals.duplicates += outcome.duplicates;
      totals.deadLettered += outcome.deadLettered;
      for (const { workspaceId, eventId, reason } of outcome.refused) {
        logger.warn({ event: { workspaceId, eventId }, reason }, "worker: event dead-lettered");
      }
      if (outcome.claimed > 0) {
        const { claimed, applied, duplicates, waiting, deadLettered } = outcome;
        options.onBatch?.({ applied, deadLettered, durationMs: performance.now() - startedAt });
        logger.info(
          { claimed, applied, duplicates, waiting, deadLettered },
          "worker: batch applied",
        );
        if (claimed < batchSize) {
          const lingerMs = options.lingerMs ?? defaultLingerMs;
          await sleep(startedAt + lingerMs - performance.now(), signal);
        }
      } else {
        const idleMs = options.idlePollMs ?? defaultIdlePollMs;
        await wakeup.wait(Math.min(idleMs, outcome.nextDueInMs ?? idleMs), signal);
      }
    } catch (error) {
      const failure = summarizeFault(error);
      if (classifyFailure(error) === "isolate") {
        const [only] = claimedKeys;
        if (claimedKeys.length === 1 && only) {
          const reason = refusalReason(error);
          try {
            await db.transaction(async (tx) => {
              await buryEvent(tx, { ...only, reason });
              await notifyChanges(tx, [changeNoticeOf(only.workspaceId, { ingest: true })]);
            });
            totals.deadLettered++;
            logger.warn({ event: only, reason }, "worker: event dead-lettered");
          } catch (buryError) {
            // The event stays due: it fails alone again and is buried then.
            logger.warn(
              { event: only, failure: summarizeFault(buryError) },
              "worker: burial failed",
            );
            await sleep(options.maxReconnectDelayMs ?? 5_000, signal);
          }
        } else {
          // Which event broke the batch is not known: take the same events one by one.
          isolateNext = Math.max(claimedKeys.length, 1);
          logger.warn(
            { claimed: claimedKeys.length, failure },
            "worker: batch refused, isolating its events",
          );
        }
        continue;
      }
      failures++;
      const delay = Math.min(
        options.maxReconnectDelayMs ?? 5_000,
        100 * 2 ** Math.min(failures, 10),
      );
      logger.warn({ failure, failures, retryInMs: delay }, "worker: batch failed, will retry");
      await sleep(delay, signal);
    }
  }
  await wakeup.close();
  logger.info(totals, "worker: stopped after finishing its batch");
  return totals;
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
