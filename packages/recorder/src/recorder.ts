import { ingestLimits, type TelemetryEvent, type TelemetryEventInput } from "@steward/events";
import { retryDelayMs } from "./backoff";
import { type EncodedEvent, encodeEvent } from "./encode-event";
import { type BatchOutcome, envelopeBytes, postBatch } from "./post-batch";
import {
  type DropReason,
  type RecorderLogger,
  type RecorderOptions,
  resolveRecorderOptions,
} from "./recorder-options";

export type RecorderStats = {
  /** Valid events handed to `record`. */
  recorded: number;
  /** Events the server accepted (durably queued). */
  sent: number;
  /** Events the server answered as invalid; reported through `onRejected`. */
  rejected: number;
  /** Events given up for any `DropReason`; reported through `onDrop`. */
  dropped: number;
  /** Requests repeated after a transient failure. */
  retries: number;
  /** Events waiting or in flight now. */
  buffered: number;
};

export type Recorder = {
  /**
   * Validates and buffers one event; never waits on the network. Throws `InvalidEventError`
   * for an event that breaks the contract.
   */
  record(event: TelemetryEventInput): void;
  /** Resolves once every event recorded before the call is sent or given up. */
  flush(): Promise<void>;
  /** Stops the timer, flushes, and drops (reason "closed") anything recorded afterwards. */
  close(): Promise<void>;
  stats(): RecorderStats;
  readonly logger: RecorderLogger;
};

type Entry = EncodedEvent & { seq: number };

/**
 * Buffers telemetry in memory and sends it to `POST /v1/ingest` in order, one request at a time.
 *
 * Buffer policy: at most `maxBufferedEvents` events wait to be sent (the batch in flight comes on
 * top). When the buffer is full, the OLDEST waiting events are dropped to make room and reported
 * through `onDrop(events, "buffer full")`: an agent must never block or grow without bound
 * because Steward is slow or down, and recent events say more about a live agent than old ones.
 *
 * An event leaves the buffer only when the server answered 200 for its batch (it is then
 * committed) or when it is given up; a retried batch may reach the server twice, which is safe
 * because the server deduplicates by `eventId`.
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const settings = resolveRecorderOptions(options);
  const { logger } = settings;
  const counts = { recorded: 0, sent: 0, rejected: 0, dropped: 0, retries: 0 };
  const waiting: Entry[] = [];
  let inFlight: Entry[] = [];
  let lastSeq = 0;
  /** Events up to this sequence number go out now, whether or not their batch is full. */
  let dueSeq = 0;
  let flushWaiters: { seq: number; resolve: () => void }[] = [];
  let pumping: Promise<void> | null = null;
  let retrySleep: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let reportedOverflow = false;

  const timer = setInterval(markDue, settings.flushIntervalMs);
  unref(timer);

  function markDue() {
    dueSeq = lastSeq;
    kick();
  }

  function lowestHeldSeq() {
    return inFlight[0]?.seq ?? waiting[0]?.seq ?? Number.POSITIVE_INFINITY;
  }

  function settleWaiters() {
    const lowest = lowestHeldSeq();
    const done = flushWaiters.filter((waiter) => waiter.seq < lowest);
    flushWaiters = flushWaiters.filter((waiter) => waiter.seq >= lowest);
    for (const waiter of done) waiter.resolve();
  }

  function shouldSend() {
    const first = waiting[0];
    return (
      first !== undefined && (waiting.length >= settings.maxBatchEvents || first.seq <= dueSeq)
    );
  }

  function kick() {
    if (pumping || !shouldSend()) return;
    // Started on a microtask so `record` stays cheap and never calls `fetch` itself.
    pumping = Promise.resolve()
      .then(pump)
      .then(
        () => {
          pumping = null;
          kick();
        },
        // Not restarted here: a loop that fails at once would spin; the timer tries again.
        (error) => {
          pumping = null;
          logger.error({ error }, "Recorder send loop failed");
        },
      );
  }

  async function pump() {
    while (shouldSend()) {
      inFlight = takeBatch();
      try {
        await deliver(inFlight);
      } finally {
        inFlight = [];
        settleWaiters();
      }
    }
  }

  function takeBatch(): Entry[] {
    let bytes = envelopeBytes;
    let count = 0;
    while (count < settings.maxBatchEvents) {
      const next = waiting[count];
      if (!next) break;
      const added = next.bytes + (count > 0 ? 1 : 0);
      if (count > 0 && bytes + added > ingestLimits.maxBatchBytes) break;
      bytes += added;
      count++;
    }
    return waiting.splice(0, count);
  }

  async function deliver(batch: Entry[]) {
    for (let attempt = 0; ; attempt++) {
      const outcome = await postBatch(settings, batch);
      if (outcome.kind === "answered") return settleAnswer(batch, outcome);
      if (outcome.kind === "unauthorized") {
        logger.error({ status: outcome.status, reason: outcome.reason }, "Steward refused the key");
        return drop(batch, "unauthorized");
      }
      if (outcome.kind === "refused") {
        logger.error({ status: outcome.status, reason: outcome.reason }, "Steward refused a batch");
        return drop(batch, "refused");
      }
      if (attempt >= settings.maxRetries) {
        logger.warn({ reason: outcome.reason, attempts: attempt + 1 }, "Giving up a batch");
        return drop(batch, "retries exhausted");
      }
      counts.retries++;
      await sleep(retryDelayMs(attempt, { retryAfterMs: outcome.retryAfterMs }));
    }
  }

  function settleAnswer(batch: Entry[], answer: Extract<BatchOutcome, { kind: "answered" }>) {
    counts.sent += answer.accepted.length;
    counts.rejected += answer.rejected.length;
    const unanswered = batch.length - answer.accepted.length - answer.rejected.length;
    if (unanswered !== 0) logger.warn({ unanswered }, "Steward answered for a different count");
    if (answer.rejected.length === 0) return;
    const rejected = answer.rejected.map((entry) => ({
      ...entry,
      event: batch[entry.index]?.event,
    }));
    logger.warn({ rejected }, "Steward rejected events");
    callSafely(() => settings.onRejected(rejected));
  }

  function drop(entries: readonly { event: TelemetryEvent }[], reason: DropReason) {
    if (entries.length === 0) return;
    counts.dropped += entries.length;
    const events = entries.map((entry) => entry.event);
    callSafely(() => settings.onDrop(events, reason));
  }

  function callSafely(callback: () => void) {
    try {
      callback();
    } catch (error) {
      logger.error({ error }, "A recorder callback threw");
    }
  }

  /** Unref'd unless someone awaits a flush, so background retries never hold a process open. */
  function sleep(ms: number) {
    return new Promise<void>((resolve) => {
      retrySleep = setTimeout(() => {
        retrySleep = null;
        resolve();
      }, ms);
      if (flushWaiters.length === 0) unref(retrySleep);
    });
  }

  function flush(): Promise<void> {
    const target = lastSeq;
    if (lowestHeldSeq() > target) return Promise.resolve();
    const done = new Promise<void>((resolve) => flushWaiters.push({ seq: target, resolve }));
    retrySleep?.ref?.();
    markDue();
    return done;
  }

  return {
    logger,
    record(input) {
      const encoded = encodeEvent(input);
      counts.recorded++;
      if (closed) return drop([encoded], "closed");
      if (waiting.length >= settings.maxBufferedEvents) {
        if (!reportedOverflow) logger.warn({}, "Recorder buffer full; dropping the oldest events");
        reportedOverflow = true;
        drop(waiting.splice(0, waiting.length - settings.maxBufferedEvents + 1), "buffer full");
        settleWaiters();
      } else reportedOverflow = false;
      waiting.push({ ...encoded, seq: ++lastSeq });
      if (waiting.length >= settings.maxBatchEvents) kick();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ ...counts, buffered: waiting.length + inFlight.length }),
  };
}

function unref(timer: ReturnType<typeof setTimeout>) {
  // Browsers and some runtimes return a number; only Node's timers can be unref'd.
  (timer as { unref?: () => void }).unref?.();
}
