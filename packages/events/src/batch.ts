import { z } from "zod";
import { type TelemetryEvent, telemetryEvent } from "./events";
import { ingestLimits } from "./limits";
import { requireFutureExpiry } from "./records";
import { jsonBytes, jsonProblem } from "./storable";

/** What a client sends: a versioned envelope around a bounded list of events. */
export const ingestEnvelope = z.object({
  v: z.literal(1).default(1),
  events: z.array(z.unknown()).min(1).max(ingestLimits.maxEventsPerBatch),
});

/**
 * The contract, and the rules that read the server's clock. Those hold when an event is
 * accepted and are not checked again: the worker reads stored events with the contract alone,
 * so one it applies after its expiry has passed still lands.
 */
const acceptableEvent = telemetryEvent.superRefine((event, ctx) => {
  if (event.type === "cta.requested") requireFutureExpiry(event, ctx);
});

export type EventFieldError = { path: string; message: string };
export type RejectedEvent = { index: number; eventId: string | null; errors: EventFieldError[] };
export type ValidatedBatch = { accepted: TelemetryEvent[]; rejected: RejectedEvent[] };

/**
 * Validates each event on its own, so one bad event never sinks the rest of its batch. Every
 * field's rule refuses what Postgres would refuse or alter (NUL, lone surrogates, non-finite
 * numbers, deep nesting, dates out of range); sizes are UTF-8 bytes.
 */
export function validateEvents(events: readonly unknown[]): ValidatedBatch {
  const accepted: TelemetryEvent[] = [];
  const rejected: RejectedEvent[] = [];
  // The same id twice in one batch would be listed as accepted twice while only one is kept.
  const indexOfEventId = new Map<string, number>();
  events.forEach((raw, index) => {
    const eventId = readEventId(raw);
    const reject = (errors: EventFieldError[]) => rejected.push({ index, eventId, errors });
    // Depth first: a hostile depth must be refused before anything walks the value
    // recursively. Everything else the contract's field rules find, all at once.
    const tooDeep = jsonProblem(raw, { depthOnly: true });
    if (tooDeep) {
      reject([{ path: pathOf(tooDeep.path), message: tooDeep.message }]);
      return;
    }
    const bytes = jsonBytes(raw);
    if (bytes > ingestLimits.maxEventBytes) {
      reject([
        {
          path: "(event)",
          message: `${bytes} bytes; at most ${ingestLimits.maxEventBytes}`,
        },
      ]);
      return;
    }
    const parsed = acceptableEvent.safeParse(raw);
    if (!parsed.success) {
      reject(
        parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
      );
      return;
    }
    const earlier = indexOfEventId.get(parsed.data.eventId);
    if (earlier !== undefined) {
      reject([
        {
          path: "eventId",
          message: `repeats the event at index ${earlier} of this batch; send each event once`,
        },
      ]);
      return;
    }
    indexOfEventId.set(parsed.data.eventId, index);
    accepted.push(parsed.data);
  });
  return { accepted, rejected };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".") || "(event)";
}

function readEventId(raw: unknown): string | null {
  const value = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof value === "string" ? value.slice(0, 100) : null;
}
