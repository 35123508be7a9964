// bench/ingest: how fast Steward records telemetry, against the raw limit of the same rows
// written by COPY, on Postgres and on the embedded store (PGlite, worker inside the server, as
// `pnpm start` runs it). The load generator posts bodies encoded before the clock starts, so
// the figures are Steward's own cost. Prints its figures; asserts nothing.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabaseClient, type DatabaseClient } from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import postgres from "postgres";
import { copyRows, copyRowsPglite } from "./copy-rows";
import { ledgerProbe, queryLedger } from "./ledger";
import {
  type LatencyFigures,
  log,
  measureIdle,
  measurePeak,
  measureRecorder,
  measureSteadyLoad,
  type PeakFigures,
  type StewardUnderTest,
} from "./measure";
import { normalizedRows } from "./normalized-rows";
import { measureOtlp, type OtlpFigures, otlpLine } from "./otlp";
import {
  cpuSeconds,
  peakMemoryMb,
  postgresCpuSeconds,
  startBenchServer,
  startEmbeddedServer,
  startWorker,
} from "./processes";
import { createRunPool, scenarioEvents, seedWorkspace } from "./workload";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const stores = (process.env.BENCH_STORES ?? "postgres,pglite").split(",");
const settings = {
  postgresScenarios: Number(process.env.BENCH_SCENARIOS ?? 400),
  pgliteScenarios: Number(process.env.BENCH_PGLITE_SCENARIOS ?? 100),
  steadySeconds: Number(process.env.BENCH_STEADY_SECONDS ?? 10),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
  idleEvents: Number(process.env.BENCH_IDLE_EVENTS ?? 108),
  recorderScenarios: Number(process.env.BENCH_RECORDER_SCENARIOS ?? 60),
};
const stamp = Date.now().toString(36);
const urlOf = (name: string) =>
  Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

const runs = createRunPool(4_000);
const runOf = new Map(runs.map((run) => [run.phaseResultId, run.runId]));

/** Everything that must be undone at the end, whatever fails. */
const cleanups: (() => Promise<void>)[] = [];
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

type StoreFigures = {
  store: string;
  events: number;
  raw: { rate: number; seconds: number };
  peak: (PeakFigures & { cpu: CpuSeconds })[];
  steady: Awaited<ReturnType<typeof measureSteadyLoad>>;
  idle: LatencyFigures;
  recorder: Awaited<ReturnType<typeof measureRecorder>>;
  memory: { server: number; workers: number[]; workersOfTwo?: number[]; firstStart?: number };
  otlp: OtlpFigures;
};

type CpuSeconds = { server: number; workers: number; postgres: number };

type Session = StewardUnderTest & {
  /** Peak resident memory so far: the server's and each worker process's (none inline). */
  memory(): { server: number; workers: number[] };
  /** CPU seconds used so far, by process (Postgres: every process of the local server). */
  cpu(): CpuSeconds;
  stop(): Promise<void>;
};

async function createPostgresDatabase(label: string) {
  const name = `steward_bench_${label}_${stamp}`;
  await admin.unsafe(`create database "${name}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  });
  const client = await createDatabaseClient({ kind: "postgres", url: urlOf(name), migrate: true });
  return { url: urlOf(name), client };
}

async function createPgliteFolder(label: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `steward-bench-${label}-`));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const client = await createDatabaseClient({
    kind: "pglite",
    dataDir,
    migrate: true,
    holder: "bench/ingest",
  });
  return { dataDir, client };
}

/** (a): the final rows of `events`, computed in memory and written by COPY in one transaction. */
async function measureRawCopy(
  client: DatabaseClient,
  events: TelemetryEventInput[],
  copy: (rows: ReturnType<typeof normalizedRows>) => Promise<void>,
) {
  const { workspaceId } = await seedWorkspace(client.db, runs);
  const rows = normalizedRows(workspaceId, events, (id) => runOf.get(id) ?? "");
  const started = performance.now();
  await copy(rows);
  const seconds = (performance.now() - started) / 1000;
  const rowCount = Object.values(rows).reduce((sum, table) => sum + table.length, 0);
  log(`(a) COPY wrote ${rowCount} rows for ${events.length} events in ${seconds.toFixed(2)} s`);
  return { rate: events.length / seconds, seconds };
}

async function startPostgresSession(label: string, workerCount: number): Promise<Session> {
  const { url, client } = await createPostgresDatabase(label);
  const { plainKey } = await seedWorkspace(client.db, runs);
  const server = await startBenchServer(url);
  const workers = Array.from({ length: workerCount }, () => startWorker(url));
  const children: ChildProcess[] = [server.child, ...workers];
  const stop = once(async () => {
    await stopChildren(children);
    await client.close();
  });
  cleanups.push(stop);
  // Workers connect, check migrations and start listening.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return {
    url: `http://127.0.0.1:${server.port}`,
    apiKey: plainKey,
    ledger: ledgerProbe((query) => queryLedger(client.db, query)),
    memory: () => ({
      server: peakMemoryMb(server.child.pid),
      workers: workers.map((worker) => peakMemoryMb(worker.pid)),
    }),
    cpu: () => ({
      server: cpuSeconds(server.child.pid),
      workers: workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid), 0),
      postgres: postgresCpuSeconds(),
    }),
    stop,
  };
}

async function startPgliteSession(): Promise<Session> {
  const { dataDir, client } = await createPgliteFolder("e2e");
  const { plainKey } = await seedWorkspace(client.db, runs);
  await client.close();
  const server = await startEmbeddedServer(dataDir);
  const stop = once(() => stopChildren([server.child]));
  cleanups.push(stop);
  return {
    url: `http://127.0.0.1:${server.port}`,
    apiKey: plainKey,
    ledger: ledgerProbe(server.query),
    memory: () => ({ server: peakMemoryMb(server.child.pid), workers: [] }),
    cpu: () => ({ server: cpuSeconds(server.child.pid), workers: 0, postgres: 0 }),
    stop,
  };
}

function once(work: () => Promise<void>) {
  let done: Promise<void> | undefined;
  return () => {
    done ??= work();
    return done;
  };
}

async function stopChildren(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** The peak, and the CPU each process spent per event meanwhile, in microseconds. */
async function measurePeakCpu(session: Session, events: TelemetryEventInput[], label: string) {
  const before = session.cpu();
  const peak = await measurePeak(session, events, { concurrency: settings.concurrency, label });
  const after = session.cpu();
  const perEvent = (key: keyof CpuSeconds) => ((after[key] - before[key]) * 1e6) / events.length;
  return {
    ...peak,
    cpu: {
      server: perEvent("server"),
      workers: perEvent("workers"),
      postgres: perEvent("postgres"),
    },
  };
}

/** Peak, steady load at half that peak, idle, the recorder: one session, one worker. */
async function measureSession(session: Session, events: TelemetryEventInput[], store: string) {
  let nextRun = events.length / 54;
  const take = (scenarios: number) => {
    const from = nextRun;
    nextRun += scenarios;
    return scenarioEvents(runs, scenarios, from);
  };
  const peak = await measurePeakCpu(session, events, `${store}, peak with one worker`);
  log(`peak with one worker: ${peak.rate.toFixed(0)} events/s`);
  const steady = await measureSteadyLoad(session, runs, {
    rate: peak.rate / 2,
    seconds: settings.steadySeconds,
    fromRun: nextRun,
  });
  nextRun += steady.scenarios;
  log(`half load: p99 ${steady.p99.toFixed(0)} ms`);
  const idle = await measureIdle(
    session,
    take(Math.ceil(settings.idleEvents / 54)).slice(0, settings.idleEvents),
  );
  log(`idle: p99 ${idle.p99.toFixed(0)} ms`);
  const recorder = await measureRecorder(session, take(settings.recorderScenarios));
  const memory = session.memory();
  // As many spans as the peak's events, each agent trace being 6 spans.
  const traces = Math.ceil(events.length / 6);
  const otlp = await measureOtlp(session, { traces, concurrency: settings.concurrency });
  return { peak, steady, idle, recorder, memory, otlp };
}

async function benchPostgres(): Promise<StoreFigures> {
  const events = scenarioEvents(runs, settings.postgresScenarios);
  log(`Postgres on ${new URL(adminUrl).host}: ${events.length} events`);
  const raw = await (async () => {
    const { url, client } = await createPostgresDatabase("raw");
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await measureRawCopy(client, events, (rows) => copyRows(sql, rows));
    } finally {
      await sql.end();
      await client.close();
    }
  })();

  const one = await startPostgresSession("e2e1", 1);
  const figures = await measureSession(one, events, "Postgres").finally(() => one.stop());

  const two = await startPostgresSession("e2e2", 2);
  const peakOfTwo = await measurePeakCpu(two, events, "Postgres, peak with two workers");
  const memoryOfTwo = two.memory();
  await two.stop();
  return {
    store: "Postgres",
    events: events.length,
    raw,
    ...figures,
    peak: [figures.peak, peakOfTwo],
    memory: { ...figures.memory, workersOfTwo: memoryOfTwo.workers },
  };
}

/**
 * `pnpm start`'s first run: the embedded server on an empty folder, which creates the store
 * before it listens. Answers its peak memory once listening.
 */
async function measureFirstStart() {
  const dataDir = mkdtempSync(join(tmpdir(), "steward-bench-first-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedServer(dataDir);
  const peak = peakMemoryMb(server.child.pid);
  await stopChildren([server.child]);
  log(`first start on an empty folder: peak ${peak.toFixed(0)} MB`);
  return peak;
}

async function benchPglite(): Promise<StoreFigures> {
  const events = scenarioEvents(runs, settings.pgliteScenarios);
  log(`embedded store (PGlite): ${events.length} events`);
  const raw = await (async () => {
    const { client } = await createPgliteFolder("raw");
    try {
      const pglite = (client.db as unknown as { $client: Parameters<typeof copyRowsPglite>[0] })
        .$client;
      return await measureRawCopy(client, events, (rows) => copyRowsPglite(pglite, rows));
    } finally {
      await client.close();
    }
  })();
  const firstStart = await measureFirstStart();
  const session = await startPgliteSession();
  const figures = await measureSession(session, events, "PGlite").finally(() => session.stop());
  return {
    store: "PGlite (worker inside the server)",
    events: events.length,
    raw,
    ...figures,
    peak: [figures.peak],
    memory: { ...figures.memory, firstStart },
  };
}

function report(figures: StoreFigures) {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const mb = (values: number[]) => values.map((value) => `${value.toFixed(0)} MB`).join(" / ");
  const [one, two] = figures.peak;
  const lines = [
    "",
    `ingest, ${figures.store}, ${figures.events} events:`,
    `  (a) raw COPY of the same rows      ${figures.raw.rate.toFixed(0)} events/s (${figures.raw.seconds.toFixed(2)} s)`,
  ];
  for (const [index, peak] of [one, two].entries()) {
    if (!peak) continue;
    const workers = index === 0 ? "one worker" : "two workers";
    const { cpu } = peak;
    lines.push(
      `  (b) Steward end to end, ${workers.padEnd(11)} ${peak.rate.toFixed(0)} events/s (${peak.seconds.toFixed(2)} s; all acknowledged after ${peak.ackedSeconds.toFixed(2)} s)`,
      `  b / a with ${workers}: ${(peak.rate / figures.raw.rate).toFixed(2)}`,
      `      CPU per event: server ${cpu.server.toFixed(0)} µs${cpu.workers ? `, worker${index ? "s" : ""} ${cpu.workers.toFixed(0)} µs` : ""}${cpu.postgres ? `, Postgres ${cpu.postgres.toFixed(0)} µs` : ""}`,
    );
  }
  const { steady, idle, recorder, memory } = figures;
  lines.push(
    `  half load ack → queryable p99: ${ms(steady.p99)} (p50 ${ms(steady.p50)}, max ${ms(steady.max)}; ${steady.offered.toFixed(0)} events/s offered, ${steady.count} events)`,
    `  idle ack → queryable p99: ${ms(idle.p99)} (p50 ${ms(idle.p50)}, max ${ms(idle.max)}; ${idle.count} events one at a time)`,
    `  recorder (one request at a time): ${recorder.ackedRate.toFixed(0)} events/s acknowledged, ${recorder.appliedRate.toFixed(0)} events/s to queryable (${recorder.events} events)`,
    memory.workers.length > 0
      ? `  peak memory (RSS): server ${mb([memory.server])}, worker ${mb(memory.workers)}${memory.workersOfTwo ? ` (two workers: ${mb(memory.workersOfTwo)})` : ""}`
      : `  peak memory (RSS): server with its worker inside ${mb([memory.server])}${memory.firstStart ? ` (first start, creating the store: ${mb([memory.firstStart])})` : ""}`,
    otlpLine(figures.otlp),
  );
  console.log(lines.join("\n"));
}

const results: StoreFigures[] = [];
try {
  if (stores.includes("postgres")) results.push(await benchPostgres());
  if (stores.includes("pglite")) results.push(await benchPglite());
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await admin.end();
}
for (const figures of results) report(figures);
console.log(
  "\n  queryable: the event's ledger entry (written by clock_timestamp() as its batch settles, just before commit); idle: seen by a new transaction, polled every 2 ms",
);
