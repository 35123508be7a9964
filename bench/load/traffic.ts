import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { sleep } from "./processes";

/** An invocation.started event, padded with `padBytes` of input. */
export function invocationEvent(padBytes = 0) {
  return {
    type: "invocation.started",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    agentType: "coder",
    startedAt: new Date().toISOString(),
    ...(padBytes > 0 ? { input: { text: "x".repeat(padBytes) } } : {}),
  };
}

export type Tally = {
  requests: number;
  accepted: Set<string>;
  /** Refusals by status, and how many of them said when to come back. */
  refused: Map<number, { count: number; withRetryAfter: number }>;
  failures: string[];
};

export function createTally(): Tally {
  return { requests: 0, accepted: new Set(), refused: new Map(), failures: [] };
}

/**
 * Posts one batch until the server takes it, as a well-behaved client does: a 429 or 503 waits
 * what Retry-After says (a second when absent, jittered so retries do not arrive together).
 * Answers when the batch was acknowledged, or null when `stopAt` came first.
 */
export async function postUntilTaken({
  url,
  key,
  body,
  tally,
  stopAt,
}: {
  url: string;
  key: string;
  body: string;
  tally: Tally;
  stopAt: number;
}): Promise<number | null> {
  while (performance.now() < stopAt) {
    tally.requests++;
    let answer: Response;
    try {
      answer = await fetch(`${url}/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
    } catch (error) {
      tally.failures.push(`network: ${(error as Error).message}`);
      await sleep(500);
      continue;
    }
    if (answer.status === 200) {
      const result = (await answer.json()) as { accepted: string[] };
      for (const id of result.accepted) tally.accepted.add(id);
      return performance.now();
    }
    await answer.arrayBuffer();
    if (answer.status === 429 || answer.status === 503) {
      const retryAfter = answer.headers.get("retry-after");
      const seen = tally.refused.get(answer.status) ?? { count: 0, withRetryAfter: 0 };
      seen.count++;
      if (retryAfter !== null && Number(retryAfter) > 0) seen.withRetryAfter++;
      tally.refused.set(answer.status, seen);
      const waitMs = (Number(retryAfter) || 1) * 1000;
      await sleep(waitMs * (0.75 + Math.random() * 0.5));
      continue;
    }
    tally.failures.push(`HTTP ${answer.status}`);
    return null;
  }
  return null;
}

/** Sends headers, then `partial`, then nothing: seconds until the server closes the socket. */
export function secondsUntilDropped(url: string, head: string, partial: string) {
  const { hostname, port } = new URL(url);
  return new Promise<number>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const started = performance.now();
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error("bench/load: a stalled request held its connection for 120 s"));
    }, 120_000);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(giveUp);
      resolve((performance.now() - started) / 1000);
    });
    socket.write(head + partial);
  });
}

export function percentile(values: number[], fraction: number) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}
