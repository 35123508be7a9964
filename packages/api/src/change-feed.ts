import { type ChangeNotice, changeChannel, parseChangeNotice } from "@steward/db";
import type { ApiLogger } from "./context";
import type { LiveChange } from "./contracts/live";

/** `DatabaseClient.listen`: calls back with each payload until the answered function stops it. */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
) => Promise<() => Promise<void>>;

/**
 * The process's one view of committed changes: a single LISTEN, whatever the number of
 * subscribers, each told only of its own workspace.
 */
export type ChangeFeed = {
  /** Starts listening if nothing has yet; a subscription starts it too. */
  start(): Promise<void>;
  /**
   * The workspace's changes from now on, until `signal` aborts or the feed closes. Changes
   * that come within `intervalMs` of the last event are merged into the next one.
   */
  changesOf(workspaceId: string, signal: AbortSignal): AsyncGenerator<LiveChange, void>;
  /** Ends every subscription and stops listening. */
  close(): Promise<void>;
};

export type ChangeFeedOptions = {
  listen: Listen;
  logger: ApiLogger;
  /** The shortest time between two events to one subscriber. */
  intervalMs?: number;
};

/** Past this many runs, an event says `all` instead of naming them: a refetch beats a list. */
const maxRunIds = 500;

type Merged = {
  runIds: Set<string>;
  all: boolean;
  traces: boolean;
  approvals: boolean;
  ingest: boolean;
};

type Subscriber = { take(notice: ChangeNotice): void; end(): void };

export function createChangeFeed({
  listen,
  logger,
  intervalMs = 250,
}: ChangeFeedOptions): ChangeFeed {
  const subscribers = new Map<string, Set<Subscriber>>();
  let listening: Promise<() => Promise<void>> | undefined;
  let closed = false;

  function deliver(payload: string) {
    const notice = parseChangeNotice(payload);
    if (!notice) {
      // Anyone connected may NOTIFY this channel; a stranger's payload is dropped, not relayed.
      logger.warn({ channel: changeChannel }, "change feed: ignored a payload of unknown shape");
      return;
    }
    for (const subscriber of subscribers.get(notice.w) ?? []) subscriber.take(notice);
  }

  function start() {
    listening ??= listen(changeChannel, deliver).catch((error: unknown) => {
      // The next subscriber tries again.
      listening = undefined;
      throw error;
    });
    return listening.then(() => undefined);
  }

  async function* changesOf(workspaceId: string, signal: AbortSignal) {
    if (closed) return;
    let merged: Merged | undefined;
    let ended = false;
    let wake: (() => void) | undefined;
    const subscriber: Subscriber = {
      take(notice) {
        merged = mergeNotice(merged, notice);
        wake?.();
      },
      end() {
        ended = true;
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    // Registered before listening starts, so nothing committed after this call is missed.
    const own = subscribers.get(workspaceId) ?? new Set<Subscriber>();
    subscribers.set(workspaceId, own);
    own.add(subscriber);
    signal.addEventListener("abort", onAbort);
    try {
      await start();
      let lastSentAt = Number.NEGATIVE_INFINITY;
      while (!signal.aborted && !ended) {
        const wait = merged ? lastSentAt + intervalMs - Date.now() : Number.POSITIVE_INFINITY;
        if (merged && wait <= 0) {
          const change = toLiveChange(merged);
          merged = undefined;
          lastSentAt = Date.now();
          yield change;
          continue;
        }
        // Until a change comes, the interval passes, or the subscription ends.
        await new Promise<void>((resolve) => {
          const timer = Number.isFinite(wait) ? setTimeout(resolve, wait) : undefined;
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      own.delete(subscriber);
      if (own.size === 0 && subscribers.get(workspaceId) === own) subscribers.delete(workspaceId);
    }
  }

  async function close() {
    closed = true;
    for (const own of subscribers.values()) for (const subscriber of own) subscriber.end();
    subscribers.clear();
    const stop = await listening?.catch(() => undefined);
    listening = undefined;
    await stop?.();
  }

  return { start, changesOf, close };
}

function mergeNotice(merged: Merged | undefined, notice: ChangeNotice): Merged {
  const next = merged ?? {
    runIds: new Set<string>(),
    all: false,
    traces: false,
    approvals: false,
    ingest: false,
  };
  next.all ||= notice.all === true;
  if (!next.all) for (const runId of notice.runs) next.runIds.add(runId);
  if (next.all || next.runIds.size > maxRunIds) {
    next.all = true;
    next.runIds.clear();
  }
  next.traces ||= notice.traces;
  next.approvals ||= notice.approvals;
  next.ingest ||= notice.ingest;
  return next;
}

function toLiveChange(merged: Merged): LiveChange {
  return {
    at: new Date().toISOString(),
    runIds: [...merged.runIds],
    all: merged.all,
    traces: merged.traces,
    approvals: merged.approvals,
    ingest: merged.ingest,
  };
}
