import { sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { rowsOf } from "../../rows";
import { recordSet } from "./records";

export type ClaimedEvent = {
  workspaceId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
};

export const eventKey = (event: { workspaceId: string; eventId: string }) =>
  `${event.workspaceId}/${event.eventId}`;

export type ClaimLimits = {
  /** Events in one batch. */
  limit: number;
  /** Payload bytes in one batch; the first event is claimed whatever its size. */
  maxBytes: number;
};

/**
 * Claims due events for this transaction: locks the `limit` oldest, then keeps as many as fit
 * in `maxBytes` (see takeFairShare), so a queue of large events never makes a batch the
 * database or the worker cannot hold. The lock reads keys and sizes only; payloads are read
 * for the events kept. SKIP LOCKED lets several workers claim side by side without waiting on
 * or double-taking each other's rows; a worker that dies releases its claim with its
 * transaction. Rows locked but not kept stay locked until the transaction ends (a row lock
 * cannot be released early): other workers skip them meanwhile, and the next batch takes them.
 */
export async function claimInboxBatch(tx: Transaction, { limit, maxBytes }: ClaimLimits) {
  const due = rowsOf<DueEvent>(
    await tx.execute(sql`
      select workspace_id, event_id,
        case when payload_bytes > 0 then payload_bytes
             else octet_length(payload::text) end as payload_bytes
      from agent.ingest_inbox
      where available_at <= now()
      order by available_at
      limit ${limit}
      for update skip locked`),
  );
  const kept = takeFairShare(due, maxBytes).map((row, position) => ({
    workspace_id: row.workspace_id,
    event_id: row.event_id,
    position,
  }));
  if (kept.length === 0) return [];
  const rows = rowsOf<{
    workspace_id: string;
    event_id: string;
    event_type: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>(
    await tx.execute(sql`
      select i.workspace_id, i.event_id, i.event_type, i.payload, i.attempts
      from ${recordSet(kept, "workspace_id uuid, event_id uuid, position integer")}
      join agent.ingest_inbox i on i.workspace_id = e.workspace_id and i.event_id = e.event_id
      order by e.position`),
  );
  return rows.map(
    (row): ClaimedEvent => ({
      workspaceId: row.workspace_id,
      eventId: row.event_id,
      eventType: row.event_type,
      payload: row.payload,
      attempts: row.attempts,
    }),
  );
}

type DueEvent = { workspace_id: string; event_id: string; payload_bytes: number };

/**
 * The events of `due` (oldest first) a batch takes within `maxBytes`, always at least one.
 * Workspaces take turns by bytes: an event ranks by the bytes of its own workspace's events
 * before it, so each workspace's events keep their order (a child still follows its parent),
 * and one workspace's backlog of large events cannot hold another's events behind it. The
 * events kept are answered oldest first.
 */
function takeFairShare(due: DueEvent[], maxBytes: number): DueEvent[] {
  const bytesBefore = new Map<string, number>();
  const ranked = due.map((event, position) => {
    const bytes = Number(event.payload_bytes);
    const rank = bytesBefore.get(event.workspace_id) ?? 0;
    bytesBefore.set(event.workspace_id, rank + bytes);
    return { event, position, rank, bytes };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.position - b.position);
  let total = 0;
  let count = 0;
  for (const { bytes } of ranked) {
    total += bytes;
    if (count > 0 && total > maxBytes) break;
    count++;
  }
  return ranked
    .slice(0, count)
    .sort((a, b) => a.position - b.position)
    .map(({ event }) => event);
}

/** Removes claimed events the ledger says were applied before; answers their keys. */
export async function removeAlreadyApplied(tx: Transaction, claimed: ClaimedEvent[]) {
  if (claimed.length === 0) return new Set<string>();
  const keys = claimed.map((event) => ({
    workspace_id: event.workspaceId,
    event_id: event.eventId,
  }));
  const rows = rowsOf<{ workspace_id: string; event_id: string }>(
    await tx.execute(sql`
      delete from agent.ingest_inbox i
      using ${recordSet(keys, "workspace_id uuid, event_id uuid")}
      where i.workspace_id = e.workspace_id and i.event_id = e.event_id
        and exists (select 1 from agent.ingested_events l
          where l.workspace_id = e.workspace_id and l.event_id = e.event_id)
      returning i.workspace_id, i.event_id`),
  );
  return new Set(
    rows.map((row) => eventKey({ workspaceId: row.workspace_id, eventId: row.event_id })),
  );
}

export type WaitingEvent = { workspaceId: string; eventId: string; reason: string };

export type SettleOptions = {
  applied: { workspaceId: string; eventId: string }[];
  waiting: WaitingEvent[];
  /** Events that can never apply: dead-lettered at once. */
  unusable: WaitingEvent[];
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
};

/**
 * Ends a batch in the same transaction that applied it: applied events enter the ledger and
 * leave the inbox; waiting ones back off, or become dead letters once out of attempts.
 */
export async function settleInboxBatch(tx: Transaction, options: SettleOptions) {
  const applied = options.applied.map((e) => ({
    workspace_id: e.workspaceId,
    event_id: e.eventId,
  }));
  if (applied.length > 0) {
    await tx.execute(sql`
      with done as (
        -- clock_timestamp, not now(): when the batch settled, moments before its commit made
        -- the events queryable (now() would be when the batch began).
        insert into agent.ingested_events (workspace_id, event_id, processed_at)
        select workspace_id, event_id, clock_timestamp()
        from ${recordSet(applied, "workspace_id uuid, event_id uuid")}
        on conflict do nothing
      )
      delete from agent.ingest_inbox i
      using ${recordSet(applied, "workspace_id uuid, event_id uuid")}
      where i.workspace_id = e.workspace_id and i.event_id = e.event_id`);
  }
  const waiting = [
    ...options.waiting.map((e) => ({ ...e, final: false })),
    ...options.unusable.map((e) => ({ ...e, final: true })),
  ].map((e) => ({
    workspace_id: e.workspaceId,
    event_id: e.eventId,
    reason: e.reason,
    final: e.final,
  }));
  if (waiting.length === 0) return { deadLettered: 0 };
  const dead = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with w as (
        select e.*, i.attempts + 1 as attempts, i.event_type, i.payload, i.received_at
        from ${recordSet(waiting, "workspace_id uuid, event_id uuid, reason text, final boolean")}
        join agent.ingest_inbox i on i.workspace_id = e.workspace_id and i.event_id = e.event_id
      ),
      buried as (
        insert into agent.ingest_dead_letters (workspace_id, event_id, event_type, payload, reason, attempts, received_at)
        select workspace_id, event_id, event_type, payload, reason, attempts, received_at from w
        where final or attempts >= ${options.maxAttempts}
        on conflict do nothing
        returning workspace_id, event_id
      ),
      -- Removed whether or not a dead letter for the same event already existed.
      removed as (
        delete from agent.ingest_inbox i using w
        where i.workspace_id = w.workspace_id and i.event_id = w.event_id
          and (w.final or w.attempts >= ${options.maxAttempts})
      ),
      postponed as (
        update agent.ingest_inbox i set
          attempts = w.attempts,
          last_error = w.reason,
          available_at = now() + least(
            ${options.backoffCapMs}::double precision,
            ${options.backoffBaseMs}::double precision * power(2, w.attempts - 1)
          ) * interval '1 millisecond'
        from w
        where i.workspace_id = w.workspace_id and i.event_id = w.event_id
          and not (w.final or w.attempts >= ${options.maxAttempts})
      )
      select count(*)::int as n from buried`),
  );
  return { deadLettered: dead[0]?.n ?? 0 };
}

/** Buries one event that broke its batch, with the database's reason, in a transaction of its own. */
export async function buryEvent(tx: Transaction, event: WaitingEvent) {
  await tx.execute(sql`
    with moved as (
      insert into agent.ingest_dead_letters (workspace_id, event_id, event_type, payload, reason, attempts, received_at)
      select workspace_id, event_id, event_type, payload, ${event.reason}, attempts + 1, received_at
      from agent.ingest_inbox where workspace_id = ${event.workspaceId} and event_id = ${event.eventId}
      on conflict do nothing
    )
    delete from agent.ingest_inbox where workspace_id = ${event.workspaceId} and event_id = ${event.eventId}`);
}
