import type { TelemetryEvent } from "@steward/events";
import { isEventType, toEventRows } from "./event-rows";
import type { ClaimedEvent, WaitingEvent } from "./inbox/inbox";

/** A value as JSON carries it: dates become their ISO strings. */
type Jsonified<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? Jsonified<Item>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * An event as the inbox holds it: what `validateEvents` accepted (the contract's output, with
 * its defaults and normalizations), as JSON, so timestamps are ISO strings.
 */
export type StoredEvent = Jsonified<TelemetryEvent>;

type ReadEvent = { workspaceId: string; event: StoredEvent };

/**
 * The claimed events as rows, without validating them again: the server checked each against
 * the contract before it queued it, and the inbox holds its output. What is checked here is
 * only what the worker itself relies on (an object of a known type, under its own id); a
 * payload that still cannot be written (one put in the inbox some other way) is refused by the
 * database when applied, and the batch isolates it into a dead letter with that reason.
 */
export function readClaimedEvents(claimed: readonly ClaimedEvent[]) {
  const events: ReadEvent[] = [];
  const unusable: WaitingEvent[] = [];
  for (const row of claimed) {
    const payload = row.payload as { type?: unknown; eventId?: unknown } | null;
    const known =
      typeof payload === "object" &&
      payload !== null &&
      typeof payload.type === "string" &&
      isEventType(payload.type) &&
      typeof payload.eventId === "string" &&
      payload.eventId.toLowerCase() === row.eventId;
    if (!known) {
      unusable.push({
        workspaceId: row.workspaceId,
        eventId: row.eventId,
        reason: "does not match the event contract: not an event of a known type under its id",
      });
      continue;
    }
    // Keys compare as the database writes uuids: lowercase.
    payload.eventId = row.eventId;
    events.push({ workspaceId: row.workspaceId, event: payload as StoredEvent });
  }
  return { ...toRows(events, unusable), unusable };
}

/** Rows for every event that has its fields; one that lacks a field its rows read is unusable. */
function toRows(events: ReadEvent[], unusable: WaitingEvent[]) {
  try {
    return { events, rows: toEventRows(events) };
  } catch {
    const kept: ReadEvent[] = [];
    for (const read of events) {
      try {
        toEventRows([read]);
        kept.push(read);
      } catch (error) {
        unusable.push({
          workspaceId: read.workspaceId,
          eventId: read.event.eventId,
          reason: `does not match the event contract: ${(error as Error).message}`,
        });
      }
    }
    return { events: kept, rows: toEventRows(kept) };
  }
}
