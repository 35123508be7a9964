import type { Recorder } from "./recorder";

export type ExitFlushOptions = {
  /** The longest the exit waits for Steward. Default 5000. */
  timeoutMs?: number;
  /** Signals that flush before the process ends. Default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
};

/**
 * Flushes the recorder once when the process is about to end, for at most `timeoutMs`.
 *
 * What it covers: the event loop running dry (`beforeExit`, e.g. a script reaching its end)
 * and the given signals. After flushing on a signal it re-raises the signal when no other
 * listener is left, so the process still ends the way it would have without this hook.
 *
 * What it cannot cover: `process.exit()` (Node emits no `beforeExit` and runs no more async
 * work, so call `await recorder.close()` before it), an uncaught exception, SIGKILL, or a
 * crash. Events still buffered then are lost. Returns a function that removes the hooks.
 */
export function registerExitFlush(
  recorder: Pick<Recorder, "flush">,
  { timeoutMs = 5000, signals = ["SIGTERM", "SIGINT"] }: ExitFlushOptions = {},
): () => void {
  let started = false;
  // Once: a flush that timed out would otherwise wake the loop, reach beforeExit and start again.
  const flushOnce = async () => {
    if (started) return;
    started = true;
    await flushWithin(recorder, timeoutMs);
  };
  const onBeforeExit = () => {
    void flushOnce();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void flushOnce().finally(() => {
      unregister();
      // A listener replaces Node's default exit on a signal; with none left, restore it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  function unregister() {
    process.off("beforeExit", onBeforeExit);
    for (const signal of signals) process.off(signal, onSignal);
  }
  process.on("beforeExit", onBeforeExit);
  for (const signal of signals) process.on(signal, onSignal);
  return unregister;
}

/** True when the flush finished in time. The timer is ref'd: it is what keeps the exit waiting. */
export async function flushWithin(
  recorder: Pick<Recorder, "flush">,
  timeoutMs: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([recorder.flush().then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
