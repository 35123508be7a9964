import { ingestLimits, type RejectedEvent, type TelemetryEvent } from "@steward/events";
import { z } from "zod";

/** Why events left the recorder without being accepted by the server. */
export type DropReason =
  /** The buffer was full; the oldest waiting events made room for new ones. */
  | "buffer full"
  /** The server refused the key (401) or its scopes (403); retrying cannot help. */
  | "unauthorized"
  /** The server refused the whole request (400, 413 or another 4xx). */
  | "refused"
  /** Every retry of a transient failure failed. */
  | "retries exhausted"
  /** Recorded after `close()`. */
  | "closed";

/** An event the server answered as invalid, with the event as it was sent. */
export type RejectedRecord = RejectedEvent & { event: TelemetryEvent | undefined };

/** Pino-compatible, so an app can pass its own logger as is. */
export type RecorderLogger = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type RecorderOptions = {
  /** The Steward server's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A workspace key with the `ingest` scope (`stw_…`). */
  apiKey: string;
  fetch?: typeof fetch;
  /** Events per request; at most the server's batch bound. Default 100. */
  maxBatchEvents?: number;
  /** How long an event may wait for a batch to fill. Default 1000. */
  flushIntervalMs?: number;
  /** Events waiting to be sent (the batch in flight comes on top). Default 10 000. */
  maxBufferedEvents?: number;
  /** Retries of one batch after transient failures. Default 8. */
  maxRetries?: number;
  onDrop?: (events: TelemetryEvent[], reason: DropReason) => void;
  onRejected?: (rejected: RejectedRecord[]) => void;
  logger?: RecorderLogger;
};

const settingsSchema = z.object({
  url: z.url(),
  apiKey: z.string().min(1),
  maxBatchEvents: z.number().int().min(1).max(ingestLimits.maxEventsPerBatch).default(100),
  flushIntervalMs: z.number().int().min(1).default(1000),
  maxBufferedEvents: z.number().int().min(1).default(10_000),
  maxRetries: z.number().int().min(0).default(8),
});

export type RecorderSettings = z.output<typeof settingsSchema> & {
  fetch: typeof fetch;
  onDrop: NonNullable<RecorderOptions["onDrop"]>;
  onRejected: NonNullable<RecorderOptions["onRejected"]>;
  logger: RecorderLogger;
};

const consoleLogger: RecorderLogger = {
  warn: (details, message) => console.warn(`[steward-recorder] ${message}`, details),
  error: (details, message) => console.error(`[steward-recorder] ${message}`, details),
};

/** Bad options are a programming error: fail at construction, naming the option. */
export function resolveRecorderOptions(options: RecorderOptions): RecorderSettings {
  const parsed = settingsSchema.safeParse(options);
  if (!parsed.success) {
    const fields = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new TypeError(`Invalid recorder options: ${fields}`);
  }
  return {
    ...parsed.data,
    // Looked up per call, and never called as a method of another object (browsers refuse that).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    onDrop: options.onDrop ?? (() => {}),
    onRejected: options.onRejected ?? (() => {}),
    logger: options.logger ?? consoleLogger,
  };
}
