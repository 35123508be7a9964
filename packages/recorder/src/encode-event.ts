import {
  type EventFieldError,
  ingestLimits,
  type TelemetryEvent,
  type TelemetryEventInput,
  validateEvents,
} from "@steward/events";

/** An event that breaks the contract: a bug in the caller, so `record` throws it. */
export class InvalidEventError extends Error {
  override readonly name = "InvalidEventError";
  constructor(
    readonly eventType: string,
    readonly fieldErrors: EventFieldError[],
  ) {
    const fields = fieldErrors.map((error) => `${error.path}: ${error.message}`).join("; ");
    super(`Invalid ${eventType} event: ${fields}`);
  }
}

/** A validated event with its JSON, measured once so batching never re-serializes. */
export type EncodedEvent = {
  event: TelemetryEvent;
  json: string;
  /** UTF-8 bytes, which is what the server's body limit counts. */
  bytes: number;
};

const encoder = new TextEncoder();

/**
 * Applies the server's own acceptance rules (`validateEvents`: the contract, the size bound and
 * whatever else the server refuses), so an event the server would reject fails here, where the
 * caller can see which field is wrong.
 */
export function encodeEvent(input: TelemetryEventInput): EncodedEvent {
  const type = String((input as { type?: unknown } | null)?.type ?? "(untyped)");
  let validated: ReturnType<typeof validateEvents>;
  let json: string | undefined;
  try {
    validated = validateEvents([input]);
    json = validated.accepted[0] && JSON.stringify(validated.accepted[0]);
  } catch (error) {
    throw new InvalidEventError(type, [{ path: "(event)", message: `not JSON: ${error}` }]);
  }
  const event = validated.accepted[0];
  if (!event || json === undefined) {
    throw new InvalidEventError(type, validated.rejected[0]?.errors ?? []);
  }
  // Defaults the contract fills in can add a little; what is sent must fit too.
  const bytes = encoder.encode(json).length;
  if (bytes > ingestLimits.maxEventBytes) {
    throw new InvalidEventError(type, [
      { path: "(event)", message: `${bytes} bytes as JSON; at most ${ingestLimits.maxEventBytes}` },
    ]);
  }
  return { event, json, bytes };
}
