import { z } from "zod";
import { type TelemetryEvent, telemetryEvent } from "./events";
import { ingestLimits } from "./limits";

/** What a client sends: a versioned envelope around a bounded list of events. */
export const ingestEnvelope = z.object({
  v: z.literal(1).default(1),
  events: z.array(z.unknown()).min(1).max(ingestLimits.maxEventsPerBatch),
});

export type EventFieldError = { path: string; message: string };
export type RejectedEvent = { index: number; eventId: string | null; errors: EventFieldError[] };
export type ValidatedBatch = { accepted: TelemetryEvent[]; rejected: RejectedEvent[] };

/** Validates each event on its own, so one bad event never sinks the rest of its batch. */
export function validateEvents(events: readonly unknown[]): ValidatedBatch {
  const accepted: TelemetryEvent[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((raw, index) => {
    const eventId = readEventId(raw);
    const serialized = JSON.stringify(raw ?? null);
    const bytes = serialized.length;
    // Postgres cannot store U+0000 in text or jsonb: refuse it here, per event, rather than
    // let it fail the whole batch's insert.
    if (containsNul(raw)) {
      rejected.push({
        index,
        eventId,
        errors: [
          {
            path: "(event)",
            message: "contains a NUL character (\\u0000), which cannot be stored",
          },
        ],
      });
      return;
    }
    if (bytes > ingestLimits.maxEventBytes) {
      rejected.push({
        index,
        eventId,
        errors: [
          { path: "(event)", message: `${bytes} bytes; at most ${ingestLimits.maxEventBytes}` },
        ],
      });
      return;
    }
    const parsed = telemetryEvent.safeParse(raw);
    if (parsed.success) accepted.push(parsed.data);
    else {
      rejected.push({
        index,
        eventId,
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join(".") || "(event)",
          message: issue.message,
        })),
      });
    }
  });
  return { accepted, rejected };
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") {
    return Object.entries(value).some(
      ([key, inner]) => key.includes("\u0000") || containsNul(inner),
    );
  }
  return false;
}

function readEventId(raw: unknown): string | null {
  const value = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof value === "string" ? value.slice(0, 100) : null;
}
