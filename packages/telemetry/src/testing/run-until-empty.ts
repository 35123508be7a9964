import { type Database, ingestInbox } from "@steward/db";
import type { BatchOptions } from "../process-batch";
import { runWorker, type WorkerLogger } from "../run-worker";

export const quietLogger: WorkerLogger = { info() {}, warn() {}, error() {} };

/**
 * Runs the worker loop until the inbox is empty, then stops it as SIGTERM would; gives up
 * after `deadlineMs`, so a worker stuck on one batch fails a test instead of hanging it.
 */
export async function runUntilInboxEmpty(
  db: Database,
  { batch = {}, deadlineMs = 20_000 }: { batch?: Partial<BatchOptions>; deadlineMs?: number } = {},
) {
  const stop = new AbortController();
  const deadline = Date.now() + deadlineMs;
  const watcher = (async () => {
    while (!stop.signal.aborted) {
      const rows = await db.select({ id: ingestInbox.eventId }).from(ingestInbox).limit(1);
      if (rows.length === 0 || Date.now() > deadline) stop.abort();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const totals = await runWorker({
    db,
    logger: quietLogger,
    signal: stop.signal,
    batch: { batchSize: 40, backoffBaseMs: 0, backoffCapMs: 0, maxAttempts: 50, ...batch },
    idlePollMs: 10,
    maxReconnectDelayMs: 50,
  });
  await watcher;
  return totals;
}
