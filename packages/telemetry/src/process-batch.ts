import type { Database, Transaction } from "@steward/db";
import { sql } from "drizzle-orm";
import type { ApplyOutcome } from "./apply/records";
import { type Applier, applyIsolated, type RunApplier } from "./apply-isolated";
import { describeBatchChanges } from "./batch-changes";
import { batchDescriptors as d, type EventRows, waitingReason } from "./event-rows";
import { classifyFailure } from "./failure-kind";
import {
  claimInboxBatch,
  eventKey,
  nextInboxDueIn,
  type SettledEvent,
  settleInboxBatch,
  type WaitingEvent,
} from "./inbox/inbox";
import { readClaimedEvents } from "./stored-events";
import { applyToolCallEvents } from "./tool-call-pairs";

export type BatchOptions = {
  batchSize: number;
  /**
   * Payload bytes one batch claims (the first event whatever its size). Events may be large
   * (256 KiB each), and a batch's events travel to Postgres as one JSON value: a count alone
   * would let a queue of large events build batches past jsonb's 256 MiB limit, and past
   * the worker's memory.
   */
  maxBatchBytes: number;
  /** Tries for an event whose parent has not arrived, before it becomes a dead letter. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  statementTimeoutMs: number;
  /**
   * Let the database cache generic plans for the batch's foreign-key checks, for a connection
   * that prepares no statement of its own (so the batch's statements are still planned afresh)
   * and tables that have statistics (see createPlanGuard). Otherwise each check is planned per
   * row: correct on any table, and slower.
   */
  cachedPlans?: boolean;
};

export const defaultBatchOptions: BatchOptions = {
  // A batch has a fixed cost (a transaction, its commit, a dozen statements planned afresh).
  // bench/ingest, one worker / two workers, events/s end to end: 500 a batch 4,606 / 4,629;
  // 1,000 a batch 5,287 / 5,670; 2,000 a batch 5,665 / 4,725, but the worker then peaks at
  // 208 MB instead of 193. Half-load latency is the same for all three.
  batchSize: 1_000,
  // 4 MiB keeps a worker under 300 MB with a backlog of the largest events (bench/worker).
  maxBatchBytes: 4 * 1024 * 1024,
  maxAttempts: 12,
  backoffBaseMs: 100,
  backoffCapMs: 30_000,
  statementTimeoutMs: 30_000,
};

export type BatchOutcome = {
  claimed: number;
  applied: number;
  duplicates: number;
  waiting: number;
  deadLettered: number;
  /** Keys of the claimed events, so a caller can isolate one that breaks the batch. */
  claimedKeys: { workspaceId: string; eventId: string }[];
  /** Events dead-lettered at once, with why: they can never apply. */
  refused: WaitingEvent[];
  /** When nothing was due: milliseconds until a waiting event is, if one waits. */
  nextDueInMs?: number | undefined;
};

/**
 * One unit of the worker's work, in one transaction: claim due events (with whether each was
 * applied before), apply the rest set-based in dependency order, then settle the inbox and
 * notify listeners of what changed in one statement (delivered at commit). An event the
 * database refuses is isolated inside the batch (see applyEvents) and dead-lettered in the same
 * transaction. If anything else fails, the transaction rolls back and every claimed event is
 * due again as it was.
 */
export async function processInboxBatch(
  db: Database,
  options: BatchOptions = defaultBatchOptions,
  onClaimed?: (keys: BatchOutcome["claimedKeys"]) => void,
): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    // One round trip for the settings, local to this transaction.
    // plan_cache_mode: a plan the database caches (a prepared statement after five runs, a
    // foreign key's check) is costed on the statistics of the moment; on a new install that is
    // empty tables, and the plan (a scan, or another index than the key) sticks while they
    // grow. Custom plans are made afresh each time; see cachedPlans for when cached ones are safe.
    // enable_seqscan: every statement of a batch looks rows up by key; the inbox's statistics
    // are often those of an empty queue, on which a scan looks cheapest, and a scan per row of
    // a full one is a batch that never ends.
    const planCacheMode = options.cachedPlans ? "auto" : "force_custom_plan";
    await tx.execute(sql`select
      set_config('statement_timeout', ${String(Math.floor(options.statementTimeoutMs))}, true),
      set_config('plan_cache_mode', ${planCacheMode}, true),
      set_config('enable_seqscan', 'off', true)`);
    const claimed = await claimInboxBatch(tx, {
      limit: options.batchSize,
      maxBytes: options.maxBatchBytes,
    });
    const claimedKeys = claimed.map(({ workspaceId, eventId }) => ({ workspaceId, eventId }));
    onClaimed?.(claimedKeys);
    if (claimed.length === 0) {
      return {
        claimed: 0,
        applied: 0,
        duplicates: 0,
        waiting: 0,
        deadLettered: 0,
        claimedKeys,
        refused: [],
        nextDueInMs: await nextInboxDueIn(tx),
      };
    }
    const { events, rows, unusable } = readClaimedEvents(claimed.filter((e) => !e.appliedBefore));
    const { applied, refused } = await applyEvents(tx, rows);

    // Every claimed event settles one way: replayed, applied, refused, or still waiting.
    const refusals = new Map([...unusable, ...refused].map((e) => [eventKey(e), e.reason]));
    const reasonOf = new Map(
      events.map((e) => [
        eventKey({ workspaceId: e.workspaceId, eventId: e.event.eventId }),
        waitingReason(e.event),
      ]),
    );
    const settled: SettledEvent[] = claimed.map((event) => {
      const key = eventKey(event);
      if (event.appliedBefore) return { event, outcome: "duplicate" };
      if (applied.has(key)) return { event, outcome: "applied" };
      const refusal = refusals.get(key);
      if (refusal !== undefined) return { event, outcome: "refused", reason: refusal };
      return { event, outcome: "waiting", reason: reasonOf.get(key) ?? "" };
    });
    const notices = await describeBatchChanges(tx, {
      claimedWorkspaces: new Set(claimed.map((e) => e.workspaceId)),
      rows,
      applied,
    });
    if (!options.cachedPlans) {
      // Settling writes rows whose only foreign key names the workspace, checked per row by a
      // plan the database may cache: a lookup of the workspace's key whatever the statistics.
      await tx.execute(sql`select set_config('plan_cache_mode', 'auto', true)`);
    }
    const { deadLettered } = await settleInboxBatch(tx, {
      events: settled,
      maxAttempts: options.maxAttempts,
      backoffBaseMs: options.backoffBaseMs,
      backoffCapMs: options.backoffCapMs,
      notices,
    });
    const count = (outcome: SettledEvent["outcome"]) =>
      settled.filter((e) => e.outcome === outcome).length;
    return {
      claimed: claimed.length,
      applied: count("applied"),
      duplicates: count("duplicate"),
      waiting: count("waiting"),
      deadLettered,
      claimedKeys,
      refused: [...unusable, ...refused],
    };
  });
}

const runWhole: RunApplier = (tx, applier, rows) => applier(tx, rows);

/**
 * Applies the batch's rows. Most batches apply whole, their statements inside one savepoint.
 * When the database refuses one, that savepoint is rolled back and the statements run again,
 * each in a savepoint of its own that isolates the refused event (see applyIsolated), so one
 * bad event costs extra statements only in its own batch.
 */
async function applyEvents(tx: Transaction, rows: EventRows): Promise<ApplyOutcome> {
  if (Object.values(rows).every((table) => table.length === 0)) {
    return { applied: new Set(), refused: [] };
  }
  try {
    return await tx.transaction((savepoint) => applyInOrder(savepoint, rows, runWhole));
  } catch (error) {
    if (classifyFailure(error) === "retry") throw error;
    return applyInOrder(tx, rows, applyIsolated);
  }
}

/**
 * Parents before children: invocations, then their ends, steps, tool calls, and the records
 * that name them. Invocations repeat until no more apply, so a child whose parent is in the
 * same batch lands in the same batch.
 */
async function applyInOrder(
  tx: Transaction,
  rows: EventRows,
  run: RunApplier,
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: new Set(), refused: [] };
  const add = (result: ApplyOutcome) => {
    for (const key of result.applied) outcome.applied.add(key);
    outcome.refused.push(...result.refused);
    return result;
  };
  const apply = async <Row extends { workspace_id: string; event_id: string }>(
    applier: Applier<Row>,
    batch: Row[],
  ) => add(await run(tx, applier, batch));
  let pending = rows.invocationsStarted;
  while (pending.length > 0) {
    const done = await apply(d.invocationsStarted.apply, pending);
    if (done.applied.size === 0) break;
    const settled = new Set([...done.applied, ...done.refused.map(eventKey)]);
    pending = pending.filter(
      (row) => !settled.has(eventKey({ workspaceId: row.workspace_id, eventId: row.event_id })),
    );
  }
  await apply(d.invocationsFinished.apply, rows.invocationsFinished);
  await apply(d.steps.apply, rows.steps);
  add(await applyToolCallEvents(tx, rows, run));
  await apply(d.memory.apply, rows.memory);
  await apply(d.cta.apply, rows.cta);
  await apply(d.metrics.apply, rows.metrics);
  return outcome;
}
