import {
  type ApplyOutcome,
  applyCtaRequests,
  applyInvocationsFinished,
  applyInvocationsStarted,
  applyMemoryRecords,
  applyMetrics,
  applyStepsFinished,
  applyToolCalls,
  type ClaimedEvent,
  claimInboxBatch,
  type Database,
  eventKey,
  removeAlreadyApplied,
  settleInboxBatch,
  type Transaction,
  type WaitingEvent,
} from "@steward/db";
import { type TelemetryEvent, telemetryEvent } from "@steward/events";
import { sql } from "drizzle-orm";
import { type Applier, applyIsolated } from "./apply-isolated";
import { notifyBatchChanges } from "./batch-changes";
import { type EventRows, toEventRows, waitingReason } from "./event-rows";

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
};

export const defaultBatchOptions: BatchOptions = {
  batchSize: 500,
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
};

/**
 * One unit of the worker's work, in one transaction: claim due events, drop those already
 * applied, apply the rest set-based in dependency order, settle the inbox, and notify
 * listeners of what changed (delivered at commit). An event the database refuses is isolated
 * inside the batch (see applyIsolated) and dead-lettered in the same transaction. If anything
 * else fails, the transaction rolls back and every claimed event is due again as it was.
 */
export async function processInboxBatch(
  db: Database,
  options: BatchOptions = defaultBatchOptions,
  onClaimed?: (keys: BatchOutcome["claimedKeys"]) => void,
): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    // One round trip for both settings, local to this transaction.
    // plan_cache_mode: prepared statements switch to a generic plan after five runs, costed on
    // the statistics of the moment; on a new install that is empty tables, and the plan (scans,
    // not key lookups) sticks while they grow. The batch's few statements are cheap to plan.
    await tx.execute(sql`select
      set_config('statement_timeout', ${String(Math.floor(options.statementTimeoutMs))}, true),
      set_config('plan_cache_mode', 'force_custom_plan', true)`);
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
      };
    }
    const duplicates = await removeAlreadyApplied(tx, claimed);
    const { events, unusable } = parseClaimed(claimed.filter((e) => !duplicates.has(eventKey(e))));
    const rows = toEventRows(events);
    const { applied, refused } = await applyEvents(tx, rows);

    const settled = new Set([...applied, ...refused.map(eventKey)]);
    const keyOf = (e: ParsedEvent) =>
      eventKey({ workspaceId: e.workspaceId, eventId: e.event.eventId });
    const appliedKeys = events.filter((e) => applied.has(keyOf(e)));
    const waiting: WaitingEvent[] = events
      .filter((e) => !settled.has(keyOf(e)))
      .map((e) => ({
        workspaceId: e.workspaceId,
        eventId: e.event.eventId,
        reason: waitingReason(e.event),
      }));
    const { deadLettered } = await settleInboxBatch(tx, {
      applied: appliedKeys.map((e) => ({ workspaceId: e.workspaceId, eventId: e.event.eventId })),
      waiting,
      unusable: [...unusable, ...refused],
      maxAttempts: options.maxAttempts,
      backoffBaseMs: options.backoffBaseMs,
      backoffCapMs: options.backoffCapMs,
    });
    await notifyBatchChanges(tx, {
      claimedWorkspaces: new Set(claimed.map((e) => e.workspaceId)),
      rows,
      applied,
    });
    return {
      claimed: claimed.length,
      applied: appliedKeys.length,
      duplicates: duplicates.size,
      waiting: waiting.length,
      deadLettered,
      claimedKeys,
      refused: [...unusable, ...refused],
    };
  });
}

type ParsedEvent = { workspaceId: string; event: TelemetryEvent };

/** Events were validated at ingestion; one that no longer parses can never apply. */
function parseClaimed(claimed: ClaimedEvent[]) {
  const events: ParsedEvent[] = [];
  const unusable: WaitingEvent[] = [];
  for (const row of claimed) {
    const parsed = telemetryEvent.safeParse(row.payload);
    if (parsed.success) events.push({ workspaceId: row.workspaceId, event: parsed.data });
    else {
      unusable.push({
        workspaceId: row.workspaceId,
        eventId: row.eventId,
        reason: `does not match the event contract: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
      });
    }
  }
  return { events, unusable };
}

/**
 * Parents before children: invocations, then their ends, steps, tool calls, and the records
 * that name them. Invocations repeat until no more apply, so a child whose parent is in the
 * same batch lands in the same batch.
 */
async function applyEvents(tx: Transaction, rows: EventRows): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: new Set(), refused: [] };
  async function apply<Row extends { workspace_id: string; event_id: string }>(
    applier: Applier<Row>,
    batch: Row[],
  ) {
    const result = await applyIsolated(tx, applier, batch);
    for (const key of result.applied) outcome.applied.add(key);
    outcome.refused.push(...result.refused);
    return result;
  }
  let pending = rows.invocationsStarted;
  while (pending.length > 0) {
    const done = await apply(applyInvocationsStarted, pending);
    if (done.applied.size === 0) break;
    const settled = new Set([...done.applied, ...done.refused.map(eventKey)]);
    pending = pending.filter(
      (row) => !settled.has(eventKey({ workspaceId: row.workspace_id, eventId: row.event_id })),
    );
  }
  await apply(applyInvocationsFinished, rows.invocationsFinished);
  await apply(applyStepsFinished, rows.steps);
  await apply(applyToolCalls, rows.toolCallStarts);
  await apply(applyToolCalls, rows.toolCallFinishes);
  await apply(applyMemoryRecords, rows.memory);
  await apply(applyCtaRequests, rows.cta);
  await apply(applyMetrics, rows.metrics);
  return outcome;
}
