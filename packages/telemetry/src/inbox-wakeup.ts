import { type DatabaseClient, inboxChannel, summarizeFault } from "@steward/db";
import type { WorkerLogger } from "./run-worker";

/**
 * How an idle worker waits: until a notification on the inbox channel says events were queued
 * (sent at the commit that made them claimable), until the next waiting event is due, or until
 * the safety-net interval passes, whichever comes first.
 */
export type InboxWakeup = {
  /**
   * Forgets notifications received so far: called before each claim, so one that arrives
   * while the claim runs (and may not have seen its events) still wakes the next wait.
   */
  arm(): void;
  /** Resolves when notified since the last `arm`, after `ms`, or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
};

/**
 * Listens on the inbox channel with `listen` (DatabaseClient.listen: one connection outside the
 * pool on Postgres, the instance itself on PGlite). Without `listen`, or while listening fails,
 * the wait is a plain timer. A notification missed while the listening connection reconnects
 * costs at most one safety-net interval.
 */
export function createInboxWakeup(
  listen: DatabaseClient["listen"] | undefined,
  logger: WorkerLogger,
): InboxWakeup {
  let notified = false;
  let wake: (() => void) | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let listening: Promise<void> | undefined;
  let closed = false;

  function onNotification() {
    notified = true;
    wake?.();
  }

  function startListening() {
    if (!listen || closed || listening) return;
    listening = listen(inboxChannel, onNotification).then(
      (stop) => {
        unlisten = stop;
        if (closed) void stop();
      },
      (error: unknown) => {
        // Tried again at the next idle wait; the timer covers the meantime.
        listening = undefined;
        logger.warn({ failure: summarizeFault(error) }, "worker: cannot listen for new events");
      },
    );
  }
  startListening();

  return {
    arm() {
      notified = false;
    },
    wait(ms, signal) {
      startListening();
      return new Promise<void>((resolve) => {
        if (notified || signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
        wake = done;
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          wake = undefined;
          resolve();
        }
      });
    },
    async close() {
      closed = true;
      await listening;
      await unlisten?.();
    },
  };
}
