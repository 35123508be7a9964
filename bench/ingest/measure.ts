import type { TelemetryEventInput } from "@steward/events";
import { createRecorder } from "@steward/recorder";
import type { LedgerProbe } from "./ledger";
import { type AckTimes, postAll, postBody, postPaced, quantile, wallClockMs } from "./load";
import { type BenchRun, encodeBodies, scenarioEvents } from "./workload";

/** A running Steward as the bench drives it: its HTTP address and key, and its ledger. */
export type StewardUnderTest = {
  url: string;
  apiKey: string;
  ledger: LedgerProbe;
};

export const log = (line: string) => console.log(`bench/ingest: ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the ledger holds `target` events, printing progress each second. While requests
 * are in flight (`sent` unsettled) it only counts once a second; then it looks every 20 ms for
 * an empty inbox, which is cheap, and counts to confirm. Counting the ledger more often would
 * load the database it measures. `failed` ends the wait early with the load generator's error.
 */
async function waitForLedger(
  steward: StewardUnderTest,
  target: number,
  what: string,
  {
    failed = {},
    sent = Promise.resolve(),
  }: { failed?: { error?: unknown }; sent?: Promise<unknown> } = {},
) {
  const deadline = performance.now() + 15 * 60_000;
  let allSent = false;
  void sent.then(() => (allSent = true));
  let nextCount = performance.now() + 1_000;
  for (;;) {
    if (failed.error) throw failed.error;
    const due = performance.now() >= nextCount;
    if (due || (allSent && (await steward.ledger.inboxEmpty()))) {
      const count = await steward.ledger.count();
      if (count >= target) return;
      if (performance.now() > deadline) {
        throw new Error(`bench/ingest: ${what} stalled at ${count}`);
      }
      if (due) {
        log(`${what}: ${count} of ${target} events applied`);
        nextCount = performance.now() + 1_000;
      }
    }
    await sleep(20);
  }
}

/** Per event: when it was settled in the ledger minus when it was acknowledged. */
async function ackToApplied(steward: StewardUnderTest, acks: AckTimes) {
  const processed = await steward.ledger.processedAt();
  const latencies: number[] = [];
  let last = 0;
  for (const [id, ackedAt] of acks) {
    const at = processed.get(id);
    if (at === undefined) throw new Error(`bench/ingest: event ${id} is not in the ledger`);
    latencies.push(at - ackedAt);
    last = Math.max(last, at);
  }
  return { latencies, last };
}

export type PeakFigures = { rate: number; seconds: number; ackedSeconds: number };

/** Every event posted as fast as the server answers, until all are applied. */
export async function measurePeak(
  steward: StewardUnderTest,
  events: TelemetryEventInput[],
  { concurrency, label }: { concurrency: number; label: string },
): Promise<PeakFigures> {
  const bodies = encodeBodies(events);
  const before = await steward.ledger.count();
  const started = wallClockMs();
  const failed: { error?: unknown } = {};
  let ackedSeconds = Number.NaN;
  const posting = postAll(steward, bodies, concurrency).then(
    (acks) => {
      ackedSeconds = (wallClockMs() - started) / 1000;
      return acks;
    },
    (error: unknown) => {
      failed.error = error;
      return new Map() as AckTimes;
    },
  );
  await waitForLedger(steward, before + events.length, label, { failed, sent: posting });
  const acks = await posting;
  const { last } = await ackToApplied(steward, acks);
  const seconds = (last - started) / 1000;
  return { rate: events.length / seconds, seconds, ackedSeconds };
}

export type LatencyFigures = { p50: number; p99: number; max: number; count: number };

const latencyFigures = (latencies: number[]): LatencyFigures => ({
  p50: quantile(latencies, 0.5),
  p99: quantile(latencies, 0.99),
  max: Math.max(...latencies),
  count: latencies.length,
});

/**
 * A steady offered load of `rate` events/s for `seconds`: every `tickMs` one request of the
 * events due in that tick, whether or not the last was answered. Each event's ack → applied.
 */
export async function measureSteadyLoad(
  steward: StewardUnderTest,
  runs: BenchRun[],
  {
    rate,
    seconds,
    fromRun,
    tickMs = 50,
  }: {
    rate: number;
    seconds: number;
    fromRun: number;
    tickMs?: number;
  },
) {
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const tickCount = Math.round((seconds * 1000) / tickMs);
  const total = perTick * tickCount;
  const events = scenarioEvents(runs, Math.ceil(total / 54), fromRun).slice(0, total);
  const ticks = Array.from({ length: tickCount }, (_, index) =>
    encodeBodies(events.slice(index * perTick, (index + 1) * perTick)),
  );
  const before = await steward.ledger.count();
  log(`steady load: ${perTick} events every ${tickMs} ms for ${seconds} s`);
  const failed: { error?: unknown } = {};
  const sending = postPaced(steward, ticks, tickMs).catch((error: unknown) => {
    failed.error = error;
    return { acks: new Map() as AckTimes, seconds: Number.NaN };
  });
  await waitForLedger(steward, before + total, "steady load", { failed, sent: sending });
  const { acks, seconds: offeredSeconds } = await sending;
  const { latencies } = await ackToApplied(steward, acks);
  return {
    ...latencyFigures(latencies),
    offered: total / offeredSeconds,
    scenarios: Math.ceil(total / 54),
  };
}

/**
 * One event at a time on an idle system: post it, then look for it in the ledger every 2 ms;
 * the next one leaves `gapMs` after the last was seen, so the worker is idle again.
 */
export async function measureIdle(
  steward: StewardUnderTest,
  events: TelemetryEventInput[],
  gapMs = 100,
): Promise<LatencyFigures> {
  const latencies: number[] = [];
  for (const body of encodeBodies(events, 1)) {
    await sleep(gapMs);
    const acks: AckTimes = new Map();
    await postBody(steward, body, acks);
    const [id, ackedAt] = [...acks][0] ?? [];
    if (!id || ackedAt === undefined) throw new Error("bench/ingest: no acknowledgement");
    const deadline = performance.now() + 30_000;
    while (!(await steward.ledger.isApplied(id))) {
      if (performance.now() > deadline) throw new Error(`bench/ingest: ${id} never applied`);
      await sleep(2);
    }
    latencies.push(wallClockMs() - ackedAt);
  }
  return latencyFigures(latencies);
}

/** The recorder as an agent uses it (one request at a time), from `record` to applied. */
export async function measureRecorder(steward: StewardUnderTest, events: TelemetryEventInput[]) {
  const before = await steward.ledger.count();
  const recorder = createRecorder({
    url: steward.url,
    apiKey: steward.apiKey,
    maxBatchEvents: 500,
    flushIntervalMs: 20,
    maxBufferedEvents: events.length + 1,
  });
  const started = wallClockMs();
  for (const event of events) recorder.record(event);
  await recorder.close();
  const ackedSeconds = (wallClockMs() - started) / 1000;
  await waitForLedger(steward, before + events.length, "recorder");
  const appliedSeconds = (wallClockMs() - started) / 1000;
  const stats = recorder.stats();
  if (stats.sent !== events.length) {
    throw new Error(`bench/ingest: the recorder sent ${stats.sent} of ${events.length}`);
  }
  return {
    ackedRate: events.length / ackedSeconds,
    appliedRate: events.length / appliedSeconds,
    events: events.length,
  };
}
