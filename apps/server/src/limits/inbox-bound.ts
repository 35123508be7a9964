import { type Database, type InboxPressure, readInboxPressure } from "@steward/db";
import { ingestLimits } from "@steward/events";

/**
 * The inbox's depth and age as admission sees them: read at most once per `intervalMs`, by one
 * query however many requests ask meanwhile, so a busy server does not count the inbox per
 * request. Between reads the depth is the last one read plus what this process accepted since
 * and what the ingest requests it admitted may still add (their reservations), so requests
 * admitted together cannot carry the inbox far past its bound.
 */
export function createInboxGauge({
  db,
  intervalMs,
  now = () => performance.now(),
}: {
  db: Database;
  intervalMs: number;
  now?: () => number;
}) {
  let last: { pressure: InboxPressure; at: number } | undefined;
  let reading: Promise<InboxPressure> | undefined;
  let acceptedSince = 0;
  let reserved = 0;

  async function measured(): Promise<InboxPressure> {
    if (last && now() - last.at < intervalMs) return last.pressure;
    reading ??= readInboxPressure(db)
      .then((pressure) => {
        last = { pressure, at: now() };
        acceptedSince = 0;
        return pressure;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  return {
    /** The depth as last read plus what this process added or may add since. */
    async read(): Promise<InboxPressure> {
      const pressure = await measured();
      return { ...pressure, depth: pressure.depth + acceptedSince + reserved };
    },
    /**
     * Holds room for up to `events` until the request settles with what it queued; answers
     * the depth seen before this reservation.
     */
    async reserve(events: number) {
      const pressure = await this.read();
      reserved += events;
      let settled = false;
      return {
        pressure,
        settle(accepted: number) {
          if (settled) return;
          settled = true;
          reserved -= events;
          acceptedSince += accepted;
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

/** Why the inbox refuses `events` more, or null while they fit its bounds (0 = no bound). */
export function inboxRefusal(
  pressure: InboxPressure,
  { maxDepth, maxAgeSeconds }: { maxDepth: number; maxAgeSeconds: number },
  events = 0,
): string | null {
  if (maxDepth > 0 && pressure.depth + events > maxDepth) {
    return `The inbox holds ${pressure.depth} events waiting to be applied (bound ${maxDepth}); retry later`;
  }
  if (maxAgeSeconds > 0 && pressure.oldestAgeSeconds >= maxAgeSeconds) {
    return `The oldest waiting event is ${Math.round(pressure.oldestAgeSeconds)} s old (bound ${maxAgeSeconds} s); retry later`;
  }
  return null;
}
