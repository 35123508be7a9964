import {
  type ChangeNotice,
  changeChannel,
  encodeChangeNotice,
  ingestDeadLetters,
  ingestedEvents,
  ingestInbox,
  rowsOf,
  type Transaction,
} from "@steward/db";
import { sql } from "drizzle-orm";
import { columnNames, field, recordSet } from "../apply/fields";

const q = columnNames(ingestInbox);
const l = columnNames(ingestedEvents);
const d = columnNames(ingestDeadLetters);
/** A dead letter keeps these of its inbox row. */
const buriedColumns = sql`${d.workspaceId}, ${d.eventId}, ${d.eventType}, ${d.payload}, ${d.reason},
  ${d.attempts}, ${d.receivedAt}`;

export type ClaimedEvent = {
  workspaceId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** The ledger already holds it: a replay of an applied event, removed when the batch settles. */
  appliedBefore: boolean;
  /**
   * Where the claimed row lies (its ctid). The row cannot move while the claim's lock holds, so
   * settling reaches it directly, whatever the planner believes of the inbox's size.
   */
  rowId: string;
};

/**
 * The first key of the transaction-scoped advisory lock a claim holds on each workspace it takes
 * events from (the second is the workspace's hash): one worker per workspace at a time.
 */
const claimLockClass = 0x5374_6577; // "Stew"

export const eventKey = (event: { workspaceId: string; eventId: string }) =>
  `${event.workspaceId}/${event.eventId}`;

export type ClaimLimits = {
  /** Events in one batch. */
  limit: number;
  /** Payload bytes in one batch; the first event is claimed whatever its size. */
  maxBytes: number;
};

/**
 * Claims due events for this transaction, in one statement: locks up to `limit` of them shared
 * fairly among the workspaces that have some due, keeps as many as fit in `maxBytes`, and
 * answers those kept with their payloads and whether the ledger already holds each. One
 * workspace's backlog so never holds another's events behind it: a quiet workspace's event is
 * in the next batch, however many a flooding one has queued. A queue of large events never
 * makes a batch the database or the worker cannot hold: the locked rows carry their payloads
 * as references, and only the kept ones are read. The inbox is read along its
 * (workspace, due time) index and never joined on its statistics, which are often those of an
 * empty table.
 *
 * Workspaces also take turns by bytes: an event ranks by the bytes of its own workspace's
 * events before it, so each workspace's events keep their order (a child still follows its
 * parent), and one workspace's large events cannot crowd out another's. The batch is the
 * longest run, in rank order, that fits the budget (always at least one event), answered
 * oldest first.
 *
 * Several workers claim side by side without waiting on each other: one workspace's events are
 * claimed by one worker at a time (a lock per workspace, tried and skipped when held, released
 * with the transaction), and SKIP LOCKED keeps a row from being taken twice. Two workers taking
 * consecutive events of one workspace would each find parents the other has not committed yet,
 * and put their children back to wait (measured: two workers on one workspace applied nothing
 * for the first second and a third fewer events than one). A worker that dies releases its
 * claim with its transaction. Rows locked but not kept stay locked until the transaction ends
 * (a row lock cannot be released early): other workers skip them meanwhile, and the next batch
 * takes them.
 */
export async function claimInboxBatch(tx: Transaction, { limit, maxBytes }: ClaimLimits) {
  const rows = rowsOf<{
    row_id: string;
    workspace_id: string;
    event_id: string;
    event_type: string;
    payload: Record<string, unknown>;
    attempts: number;
    applied_before: boolean;
  }>(
    await tx.execute(sql`
      -- The workspaces with events due, at most a batch of them: found by skipping along the
      -- (workspace, due time) index from one to the next, so the cost follows the number of
      -- workspaces waiting, not the number of events.
      with recursive waiting as (
        (select ${q.workspaceId} as workspace_id from ${ingestInbox}
          where ${q.availableAt} <= now() order by ${q.workspaceId} limit 1)
        union all
        select (select i.${q.workspaceId} from ${ingestInbox} i
            where i.${q.workspaceId} > w.workspace_id and i.${q.availableAt} <= now()
            order by i.${q.workspaceId} limit 1)
        from waiting w where w.workspace_id is not null
      ),
      -- How many each has due, counted up to a batch (all it could take), for the workspaces
      -- no other worker is claiming from (see claimLockClass).
      counted as (
        select w.workspace_id,
          (select count(*) from (select 1 from ${ingestInbox} i
            where i.${q.workspaceId} = w.workspace_id and i.${q.availableAt} <= now()
            limit ${limit}) c) as due
        from waiting w where w.workspace_id is not null
          and pg_try_advisory_xact_lock(${claimLockClass}, hashtext(w.workspace_id::text))
        limit ${limit}
      ),
      -- The batch is shared as water fills vessels: a workspace with fewer due than an equal
      -- share takes all of its own, and what it leaves is shared equally by the others (the
      -- level); every workspace takes at least one.
      needs as (
        select workspace_id, due,
          count(*) over () - row_number() over (order by due, workspace_id) + 1 as sharers,
          coalesce(sum(due) over (order by due, workspace_id
            rows between unbounded preceding and 1 preceding), 0) as before
        from counted
      ),
      level as (
        select coalesce(max((${limit} - before)::float8 / sharers), ${limit}::float8) as level
        from needs where due * sharers > ${limit} - before
      ),
      shares as (
        select workspace_id, least(due, greatest(1, floor(level)))::int as quota
        from needs cross join level
      ),
      due as materialized (
        select d.* from shares w
        cross join lateral (
          select ctid as row_id, ${q.workspaceId} as workspace_id, ${q.eventId} as event_id,
            ${q.eventType} as event_type, ${q.payload} as payload, ${q.attempts} as attempts,
            ${q.availableAt} as due_at,
            case when ${q.payloadBytes} > 0 then ${q.payloadBytes}
                 else octet_length(${q.payload}::text) end as bytes
          from ${ingestInbox}
          where ${q.workspaceId} = w.workspace_id and ${q.availableAt} <= now()
          order by ${q.availableAt}
          limit w.quota
          for update skip locked
        ) d
      ),
      -- Each workspace's rows come in their age order: numbered as they come.
      numbered as (select *, row_number() over () as position from due),
      ranked as (
        select *, sum(bytes) over (partition by workspace_id order by position) - bytes as rank
        from numbered
      ),
      taken as (
        select *,
          row_number() over (order by rank, position) as nth,
          sum(bytes) over (order by rank, position) as running
        from ranked
      )
      -- The ledger is probed by key for each event kept, in a lateral join: as an exists()
      -- the planner may instead hash the whole ledger once per claim, which grows without end.
      select row_id::text, t.workspace_id, t.event_id, event_type, payload, attempts,
        coalesce(a.applied, false) as applied_before
      from taken t
      left join lateral (select true as applied from ${ingestedEvents} l
        where l.${l.workspaceId} = t.workspace_id and l.${l.eventId} = t.event_id limit 1) a on true
      where nth = 1 or running <= ${maxBytes}::bigint
      order by due_at, position`),
  );
  return rows.map(
    (row): ClaimedEvent => ({
      workspaceId: row.workspace_id,
      eventId: row.event_id,
      eventType: row.event_type,
      payload: row.payload,
      attempts: row.attempts,
      appliedBefore: row.applied_before,
      rowId: row.row_id,
    }),
  );
}

/**
 * Milliseconds until the earliest event waiting for a retry is due, or undefined when none
 * waits: how long an idle worker may sleep without missing it (nothing notifies when a backoff
 * ends). Events due now are left out: they are claimed by another worker.
 */
export async function nextInboxDueIn(tx: Transaction) {
  const [row] = rowsOf<{ ms: number | null }>(
    await tx.execute(sql`
      select extract(epoch from min(${q.availableAt}) - now())::float8 * 1000 as ms
      from ${ingestInbox} where ${q.availableAt} > now()`),
  );
  return row?.ms == null ? undefined : Math.max(0, Number(row.ms));
}

export type WaitingEvent = { workspaceId: string; eventId: string; reason: string };

/** What became of one claimed event in its batch. */
export type SettledEvent =
  | { event: ClaimedEvent; outcome: "applied" | "duplicate" }
  /** `waiting`: a row it names does not exist yet; `refused`: it can never apply. */
  | { event: ClaimedEvent; outcome: "waiting" | "refused"; reason: string };

export type SettleOptions = {
  events: readonly SettledEvent[];
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** What the batch changed, told to listeners with the batch (see notifyChanges). */
  notices?: readonly ChangeNotice[];
};

/** The ledger's key, the rows it records for applied events. */
const ledgerFields = [field(ingestedEvents.workspaceId), field(ingestedEvents.eventId)] as const;

/**
 * Ends a batch in the same transaction that applied it, in one statement: applied events enter
 * the ledger and leave the inbox, as do replays the ledger already held; waiting ones back off,
 * or become dead letters once out of attempts, and refused ones at once; listeners are told
 * what changed. The claimed rows are reached by where they lie (see ClaimedEvent.rowId).
 * Answers how many became dead letters.
 */
export async function settleInboxBatch(tx: Transaction, options: SettleOptions) {
  const ledger: { workspace_id: string; event_id: string }[] = [];
  const removed: string[] = [];
  const buried: string[] = [];
  const postponed: string[] = [];
  const reasons: Record<string, string> = {};
  for (const settled of options.events) {
    const { event } = settled;
    if (settled.outcome === "applied") {
      ledger.push({ workspace_id: event.workspaceId, event_id: event.eventId });
    }
    if (!("reason" in settled)) {
      removed.push(event.rowId);
      continue;
    }
    reasons[event.rowId] = settled.reason;
    if (settled.outcome === "refused" || event.attempts + 1 >= options.maxAttempts) {
      // Removed whether or not a dead letter for the same event already existed.
      buried.push(event.rowId);
      removed.push(event.rowId);
    } else postponed.push(event.rowId);
  }
  const notices = options.notices ?? [];
  if (options.events.length === 0 && notices.length === 0) return { deadLettered: 0 };
  const rowIds = (ids: string[]) => `{${ids.map((id) => `"${id}"`).join(",")}}`;
  const reasonOf = sql`(${JSON.stringify(reasons)}::jsonb ->> ctid::text)`;
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with done as (
        -- clock_timestamp, not now(): when the batch settled, moments before its commit made
        -- the events queryable (now() would be when the batch began).
        insert into ${ingestedEvents} (${l.workspaceId}, ${l.eventId}, ${l.processedAt})
        select ${l.workspaceId}, ${l.eventId}, clock_timestamp()
        from ${recordSet(ledger, ledgerFields)}
        on conflict do nothing
      ),
      buried as (
        insert into ${ingestDeadLetters} (${buriedColumns})
        select ${q.workspaceId}, ${q.eventId}, ${q.eventType}, ${q.payload}, ${reasonOf},
          ${q.attempts} + 1, ${q.receivedAt}
        from ${ingestInbox} where ctid = any(${rowIds(buried)}::tid[])
        on conflict do nothing
        returning 1
      ),
      removed as (
        delete from ${ingestInbox} where ctid = any(${rowIds(removed)}::tid[])
      ),
      postponed as (
        update ${ingestInbox} set
          ${q.attempts} = ${q.attempts} + 1,
          ${q.lastError} = ${reasonOf},
          ${q.availableAt} = now() + least(
            ${options.backoffCapMs}::double precision,
            ${options.backoffBaseMs}::double precision * power(2, ${q.attempts})
          ) * interval '1 millisecond'
        where ctid = any(${rowIds(postponed)}::tid[])
      ),
      -- Delivered when the batch commits, never if it rolls back.
      notified as (
        select pg_notify(${changeChannel}, p)
        from jsonb_array_elements_text(${JSON.stringify(notices.map(encodeChangeNotice))}::jsonb) as p
      )
      select (select count(*)::int from buried) as n, (select count(*) from notified) as notified`),
  );
  return { deadLettered: row?.n ?? 0 };
}

/** Buries one event that broke its batch, with the database's reason, in a transaction of its own. */
export async function buryEvent(tx: Transaction, event: WaitingEvent) {
  const ownRow = sql`${q.workspaceId} = ${event.workspaceId} and ${q.eventId} = ${event.eventId}`;
  await tx.execute(sql`
    with moved as (
      insert into ${ingestDeadLetters} (${buriedColumns})
      select ${q.workspaceId}, ${q.eventId}, ${q.eventType}, ${q.payload}, ${event.reason},
        ${q.attempts} + 1, ${q.receivedAt}
      from ${ingestInbox} where ${ownRow}
      on conflict do nothing
    )
    delete from ${ingestInbox} where ${ownRow}`);
}
