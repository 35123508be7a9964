import type { Database } from "@steward/db";
import { type BatchOptions, processInboxBatch } from "../process-batch";

/** Test settings: waiting events are due again at once, and give up after a few tries. */
export const testBatchOptions: BatchOptions = {
  batchSize: 50,
  maxBatchBytes: 8 * 1024 * 1024,
  maxAttempts: 4,
  backoffBaseMs: 0,
  backoffCapMs: 0,
  statementTimeoutMs: 10_000,
};

/** Enough tries that an event waiting for a parent still to come is never buried in a test. */
export const patientAttempts = 1_000_000;

/**
 * Processes batches until nothing is due, or until a few rounds in a row change nothing (the
 * events left wait for parents not yet sent; each such round spends one of their attempts).
 */
export async function drainInbox(db: Database, options: Partial<BatchOptions> = {}) {
  const settings = { ...testBatchOptions, ...options };
  const totals = { batches: 0, applied: 0, duplicates: 0, deadLettered: 0 };
  let idleRounds = 0;
  for (let round = 0; round < 2_000; round++) {
    const outcome = await processInboxBatch(db, settings);
    if (outcome.claimed === 0) return totals;
    totals.batches++;
    totals.applied += outcome.applied;
    totals.duplicates += outcome.duplicates;
    totals.deadLettered += outcome.deadLettered;
    const progressed = outcome.applied + outcome.duplicates + outcome.deadLettered > 0;
    idleRounds = progressed ? 0 : idleRounds + 1;
    if (idleRounds > Math.min(settings.maxAttempts, 5)) return totals;
  }
  throw new Error("drainInbox: the inbox did not settle in 2,000 batches");
}
