import type { EncodedBody } from "./workload";

/** Wall-clock milliseconds with sub-millisecond precision, comparable to the database's clock. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

export type AckTimes = Map<string, number>;

/** Posts one pre-encoded body; records when each accepted event was acknowledged. */
export async function postBody(
  target: { url: string; apiKey: string },
  { body, eventIds }: EncodedBody,
  acks: AckTimes,
) {
  const response = await fetch(`${target.url}/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
    body,
  });
  const answer = (await response.json()) as { accepted?: string[]; rejected?: unknown[] };
  const at = wallClockMs();
  if (!response.ok || answer.accepted?.length !== eventIds.length) {
    throw new Error(
      `bench/ingest: POST /v1/ingest answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`,
    );
  }
  for (const id of answer.accepted) acks.set(id, at);
}

/** Posts every body as fast as the server answers, `concurrency` requests in flight. */
export async function postAll(
  target: { url: string; apiKey: string },
  bodies: EncodedBody[],
  concurrency: number,
) {
  const acks: AckTimes = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < bodies.length; index = next++) {
        await postBody(target, bodies[index] as EncodedBody, acks);
      }
    }),
  );
  return acks;
}

/**
 * Offers a steady load: the bodies of tick k leave at `k * tickMs` from the start, whether or
 * not earlier requests have been answered.
 */
export async function postPaced(
  target: { url: string; apiKey: string },
  ticks: EncodedBody[][],
  tickMs: number,
) {
  const acks: AckTimes = new Map();
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (const [index, bodies] of ticks.entries()) {
    const wait = started + index * tickMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (const body of bodies) requests.push(postBody(target, body, acks));
  }
  await Promise.all(requests);
  return { acks, seconds: (performance.now() - started) / 1000 };
}

/** The q-quantile of `values` (sorted here), NaN when empty. */
export function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
