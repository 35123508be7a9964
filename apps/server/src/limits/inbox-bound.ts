import { type Database, type InboxPressure, readInboxPressure } from "@steward/db";
import { ingestLimits } from "@steward/events";

/** A count is reused for at least this many times as long as it took (see createInboxGauge). */
const slowReadFactor = 20;

/**
 * The inbox's depth and age as admission sees them: read at most once per `intervalMs` (less
 * often when a count is slow, see below), by one query however many requests ask meanwhile, so a busy server does not count the inbox per
 * request. Between reads the depth, in all and per workspace, is the last one read plus what
 * this process accepted since and what the ingest requests it admitted may still add (their
 * reservations), so requests admitted together cannot carry the inbox far past its bound.
 *
 * The count reads every waiting row: 29 ms for a backlog of 20,000 under load (bench/ingest),
 * which every 500 ms is a twentieth of the database's time. So for admission, which asks as
 * often as requests come, a count is reused for at least `slowReadFactor` times as long as it
 * took, whatever `intervalMs` says; meanwhile the depth only grows by what was accepted, never
 * shrinks by what was applied, so admission errs on the side of refusing. With `bounded` false
 * (no bound to enforce) admission does not count at all. `read` (metrics scrapes, /readyz: a
 * few a minute) counts whenever the last count is older than `intervalMs`.
 */
export function createInboxGauge({
  db,
  intervalMs,
  bounded = true,
  now = () => performance.now(),
}: {
  db: Database;
  intervalMs: number;
  bounded?: boolean;
  now?: () => number;
}) {
  let last: { pressure: InboxPressure; at: number; tookMs: number } | undefined;
  let reading: Promise<InboxPressure> | undefined;
  /** Per workspace, what this process accepted since the last read and still holds reserved. */
  const acceptedSince = new Map<string, number>();
  const reserved = new Map<string, number>();
  const add = (counts: Map<string, number>, workspaceId: string, n: number) => {
    const total = (counts.get(workspaceId) ?? 0) + n;
    if (total === 0) counts.delete(workspaceId);
    else counts.set(workspaceId, total);
  };

  /** The last count while it is young enough for who asks (see above), else a new one. */
  async function measured(admitting: boolean): Promise<InboxPressure> {
    const reuseMs =
      last && admitting ? Math.max(intervalMs, last.tookMs * slowReadFactor) : intervalMs;
    if (last && now() - last.at < reuseMs) return last.pressure;
    // What is accepted from here on may be missing from the count, so it is kept; what was
    // accepted before is in it, and is dropped once the count arrives. (Accepted while the
    // count runs, an event may be counted twice for a moment: the safe way to err.)
    const countedAlready = reading === undefined ? new Map(acceptedSince) : undefined;
    const started = now();
    reading ??= readInboxPressure(db)
      .then((pressure) => {
        const at = now();
        last = { pressure, at, tookMs: at - started };
        for (const [workspaceId, n] of countedAlready ?? []) add(acceptedSince, workspaceId, -n);
        return pressure;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  return {
    /** For admission: counts the inbox again when the last count is old enough (see above). */
    async refresh(): Promise<void> {
      if (bounded) await measured(true);
    },
    /** The depth as last read plus what this process added or may add since. */
    async read(): Promise<InboxPressure> {
      await measured(false);
      return this.current();
    },
    /**
     * As `read`, from the count already in hand: synchronous, so a check of it and the
     * reservation that follows cannot be split by another request's.
     */
    current(): InboxPressure {
      const pressure = last?.pressure ?? { depth: 0, oldestAgeSeconds: 0, byWorkspace: new Map() };
      const byWorkspace = new Map(pressure.byWorkspace);
      for (const counts of [acceptedSince, reserved]) {
        for (const [workspaceId, n] of counts) add(byWorkspace, workspaceId, n);
      }
      const depth = [...byWorkspace.values()].reduce((sum, n) => sum + n, 0);
      return { ...pressure, depth, byWorkspace };
    },
    /**
     * Holds room for up to `events` of a workspace until the request settles with what it
     * queued; answers the depth seen before this reservation.
     */
    async reserve(workspaceId: string, events: number) {
      if (bounded) await measured(true);
      const pressure = this.current();
      add(reserved, workspaceId, events);
      let held = events;
      let settled = false;
      return {
        pressure,
        /** The events this reservation holds room for. */
        get events() {
          return held;
        },
        /** Holds room for `more` events besides. */
        grow(more: number) {
          if (settled) return;
          held += more;
          add(reserved, workspaceId, more);
        },
        settle(accepted: number) {
          if (settled) return;
          settled = true;
          add(reserved, workspaceId, -held);
          add(acceptedSince, workspaceId, accepted);
        },
      };
    },
  };
}

export type InboxGauge = ReturnType<typeof createInboxGauge>;

/**
 * Events a body of `bytes` may hold, for its reservation: one per 200 bytes (a bare event is
 * about that size, so a batch is rarely underestimated) and no more than a batch takes.
 */
export function estimateEvents(bytes: number | undefined) {
  if (bytes === undefined) return ingestLimits.maxEventsPerBatch;
  return Math.min(ingestLimits.maxEventsPerBatch, Math.max(1, Math.ceil(bytes / 200)));
}

/**
 * The part of the inbox one workspace may fill: the rest stays open to the others, so a flood
 * from one workspace turns away its own events first and never another's.
 */
export const workspaceShareOfInbox = 0.75;

/**
 * Why the inbox refuses `events` more (of `workspaceId`, when named), or null while they fit
 * its bounds (0 = no bound).
 */
export function inboxRefusal(
  pressure: InboxPressure,
  { maxDepth, maxAgeSeconds }: { maxDepth: number; maxAgeSeconds: number },
  events = 0,
  workspaceId?: string,
): string | null {
  if (maxDepth > 0 && pressure.depth + events > maxDepth) {
    return `The inbox holds ${pressure.depth} events waiting to be applied (bound ${maxDepth}); retry later`;
  }
  const own = workspaceId === undefined ? 0 : (pressure.byWorkspace.get(workspaceId) ?? 0);
  const share = Math.floor(maxDepth * workspaceShareOfInbox);
  if (maxDepth > 0 && workspaceId !== undefined && own + events > share) {
    return `This workspace has ${own} events waiting to be applied (its share of the inbox is ${share}); retry later`;
  }
  if (maxAgeSeconds > 0 && pressure.oldestAgeSeconds >= maxAgeSeconds) {
    return `The oldest waiting event is ${Math.round(pressure.oldestAgeSeconds)} s old (bound ${maxAgeSeconds} s); retry later`;
  }
  return null;
}
