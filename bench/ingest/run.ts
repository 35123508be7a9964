// bench/ingest: how fast Steward records telemetry, against the raw limit of the same rows
// written by COPY, on Postgres, in one run. Prints its figures; asserts nothing.
import type { ChildProcess } from "node:child_process";
import {
  createApiKey,
  createDatabaseClient,
  createWorkspace,
  featureRuns,
  phaseResults,
} from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import { createRecorder } from "@steward/recorder";
import { buildScenario } from "@steward/worker/testing";
import postgres from "postgres";
import { copyRows } from "./copy-rows";
import { normalizedRows } from "./normalized-rows";
import { peakMemoryMb, startBenchServer, startWorker } from "./processes";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const scenarioCount = Number(process.env.BENCH_SCENARIOS ?? 150);
const workerCount = Number(process.env.BENCH_WORKERS ?? 1);
const stamp = Date.now().toString(36);
const databases = { raw: `steward_bench_raw_${stamp}`, steward: `steward_bench_e2e_${stamp}` };
const urlOf = (name: string) =>
  Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const log = (line: string) => console.log(`bench/ingest: ${line}`);

const scenarios = Array.from({ length: scenarioCount }, () => buildScenario());
const events: TelemetryEventInput[] = scenarios.flatMap((scenario) => scenario.events);
const runOf = new Map<string, string>(scenarios.map((s) => [s.phaseResultId, s.runId]));

/** A migrated database holding one workspace with every scenario's run. */
async function prepare(name: string) {
  await admin.unsafe(`create database "${name}"`);
  const client = await createDatabaseClient({ kind: "postgres", url: urlOf(name), migrate: true });
  const workspace = await createWorkspace(client.db, { name: "Bench" });
  const ws = { workspaceId: workspace.id };
  await client.db
    .insert(featureRuns)
    .values(scenarios.map((s) => ({ ...ws, id: s.runId, title: "Bench run" })));
  await client.db.insert(phaseResults).values(
    scenarios.map((s) => ({
      ...ws,
      id: s.phaseResultId,
      runId: s.runId,
      phase: "analysis" as const,
    })),
  );
  return { client, workspaceId: workspace.id };
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const children: ChildProcess[] = [];
try {
  log(
    `${events.length} events (${scenarioCount} runs of ${events.length / scenarioCount} events) on ${new URL(adminUrl).host}`,
  );

  // (a) The raw limit: the same final rows, COPY'd straight into the tables.
  const raw = await prepare(databases.raw);
  const rows = normalizedRows(raw.workspaceId, events, (id) => runOf.get(id) ?? "");
  const rawSql = postgres(urlOf(databases.raw), { max: 1, onnotice: () => {} });
  const rawStarted = performance.now();
  await copyRows(rawSql, rows);
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  await rawSql.end();
  await raw.client.close();
  const rowCount = Object.values(rows).reduce((sum, table) => sum + table.length, 0);
  log(`(a) COPY wrote ${rowCount} rows for ${events.length} events in ${rawSeconds.toFixed(2)} s`);

  // (b) Steward end to end: recorder → server → inbox → worker → tables.
  const steward = await prepare(databases.steward);
  const { plainKey } = await createApiKey(steward.client.db, {
    workspaceId: steward.workspaceId,
    name: "bench",
    scopes: ["ingest"],
  });
  const server = await startBenchServer(urlOf(databases.steward));
  children.push(server.child);
  const workers = Array.from({ length: workerCount }, () =>
    startWorker(urlOf(databases.steward), 500),
  );
  children.push(...workers);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // workers connect and migrate

  const acknowledgedAt = new Map<string, number>();
  const recorder = createRecorder({
    url: `http://127.0.0.1:${server.port}`,
    apiKey: plainKey,
    maxBatchEvents: 500,
    flushIntervalMs: 20,
    maxBufferedEvents: events.length + 1,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok) {
        const answer = (await response.clone().json()) as { accepted: string[] };
        const now = Date.now();
        for (const id of answer.accepted) acknowledgedAt.set(id, now);
      }
      return response;
    },
  });
  const started = performance.now();
  for (const event of events) recorder.record(event);
  await recorder.close();
  const sentSeconds = (performance.now() - started) / 1000;
  // Queryable means applied: the worker's ledger holds every event once it has committed.
  const probe = postgres(urlOf(databases.steward), { max: 1, onnotice: () => {} });
  for (;;) {
    const [row] = await probe<
      { n: number }[]
    >`select count(*)::int as n from agent.ingested_events`;
    if ((row?.n ?? 0) >= events.length) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const stewardSeconds = (performance.now() - started) / 1000;
  const serverPeak = peakMemoryMb(server.child.pid);
  const workerPeaks = workers.map((worker) => peakMemoryMb(worker.pid));

  const processed = await probe<{ event_id: string; at: number }[]>`
    select event_id, extract(epoch from processed_at)::float8 * 1000 as at from agent.ingested_events`;
  await probe.end();
  const latencies = processed
    .map((row) => row.at - (acknowledgedAt.get(row.event_id) ?? Number.NaN))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  const quantile = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  await steward.client.close();

  const rawRate = events.length / rawSeconds;
  const stewardRate = events.length / stewardSeconds;
  console.log(
    [
      "",
      `ingest, Postgres, ${events.length} events, ${workerCount} worker process(es):`,
      `  (a) raw COPY of the same rows      ${rawRate.toFixed(0)} events/s (${rawSeconds.toFixed(2)} s)`,
      `  (b) Steward end to end             ${stewardRate.toFixed(0)} events/s (${stewardSeconds.toFixed(2)} s; all acknowledged after ${sentSeconds.toFixed(2)} s)`,
      `  b / a                              ${(stewardRate / rawRate).toFixed(2)}`,
      `  acknowledged → queryable           p50 ${quantile(0.5).toFixed(0)} ms, p99 ${quantile(0.99).toFixed(0)} ms (${latencies.length} events)`,
      `  peak memory                        server ${serverPeak.toFixed(0)} MB, worker ${workerPeaks.map((mb) => mb.toFixed(0)).join(" / ")} MB`,
      `  recorder                           ${JSON.stringify(recorder.stats())}`,
    ].join("\n"),
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const name of Object.values(databases)) {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
  }
  await admin.end();
}
