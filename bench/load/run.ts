// bench/load: Steward under more than it can take, on loopback, against a fresh Postgres
// database: the real server (apps/server/src/main.ts, limits from its env) and one worker
// process. Prints figures; exits 1 only when something accepted is lost, a refusal does not
// say when to come back, or a stalled request is not dropped. `--short` (or BENCH_LOAD_SHORT=1)
// finishes in under a minute, for CI.
import { createApiKey, createDatabaseClient, createWorkspace } from "@steward/db";
import postgres from "postgres";
import { peakMemoryMb, startWorker } from "../ingest/processes";
import { appliedLatencies, inboxDepth, ledgerCount, waitForEmptyInbox } from "./ledger";
import { sleep, startServer, stopChild } from "./processes";
import {
  createTally,
  invocationEvent,
  percentile,
  postUntilTaken,
  secondsUntilDropped,
  type Tally,
} from "./traffic";

const short = process.argv.includes("--short") || process.env.BENCH_LOAD_SHORT === "1";
const settings = {
  floodSeconds: Number(process.env.BENCH_LOAD_SECONDS ?? (short ? 10 : 60)),
  clients: 50,
  batch: 500,
  floodKeys: 10,
  largeBodies: 50,
};
const serverEnv = {
  STEWARD_INLINE_WORKER: "false",
  RATE_LIMIT_EVENTS_PER_SECOND: process.env.BENCH_LOAD_RATE ?? "1000",
  RATE_LIMIT_BURST: process.env.BENCH_LOAD_BURST ?? "2000",
  INBOX_MAX_DEPTH: process.env.BENCH_LOAD_INBOX ?? "20000",
  BODY_IDLE_TIMEOUT_SECONDS: "3",
  HEADERS_TIMEOUT_SECONDS: "3",
  ...(process.env.BENCH_LOAD_BODY_BUDGET
    ? { BODY_BUDGET_BYTES: process.env.BENCH_LOAD_BODY_BUDGET }
    : {}),
};
/** Which phases run (all by default): bodies, stalls, flood. */
const phases = (process.env.BENCH_LOAD_PHASES ?? "bodies,stalls,flood").split(",");
const log = (line: string) => console.log(`bench/load: ${line}`);
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `steward_bench_load_${Date.now().toString(36)}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const problems: string[] = [];
const started = performance.now();

await admin.unsafe(`create database "${name}"`);
const client = await createDatabaseClient({ kind: "postgres", url, migrate: true });
const db = client.db;
const server = await startServer({ ...serverEnv, DATABASE_URL: url });
const worker = startWorker(url);
try {
  log(
    `${short ? "short" : "long"} run; server limits ${Object.entries(serverEnv)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ")}`,
  );
  if (phases.includes("bodies")) await measureLargeBodies();
  await waitForEmptyInbox(db);
  if (phases.includes("stalls")) await measureStalls();
  if (phases.includes("flood")) await measureFlood();
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await stopChild(worker);
  await stopChild(server.child);
  await client.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`bench/load: FAILED: ${problem}`);
  process.exit(1);
}

async function keysOf(label: string, count: number) {
  const workspace = await createWorkspace(db, { name: label });
  const keys: string[] = [];
  for (let n = 0; n < count; n++) {
    const { plainKey } = await createApiKey(db, {
      workspaceId: workspace.id,
      name: `${label} ${n}`,
      scopes: ["ingest"],
    });
    keys.push(plainKey);
  }
  return { workspaceId: workspace.id, keys };
}

/** 50 clients each post a body of just under 4 MiB at once; the server's peak memory. */
async function measureLargeBodies() {
  const { keys } = await keysOf("large bodies", settings.largeBodies);
  const base = JSON.stringify(invocationEvent(1)).length;
  const pad = Math.floor((4 * 1024 * 1024 - 64) / settings.batch) - base - 2;
  const bodies = keys.map(() =>
    JSON.stringify({
      v: 1,
      events: Array.from({ length: settings.batch }, () => invocationEvent(pad)),
    }),
  );
  const before = peakMemoryMb(server.child.pid);
  const tally = createTally();
  const stopAt = performance.now() + 90_000;
  const phaseStarted = performance.now();
  await Promise.all(
    keys.map((key, n) =>
      postUntilTaken({ url: server.url, key, body: bodies[n] as string, tally, stopAt }),
    ),
  );
  const seconds = (performance.now() - phaseStarted) / 1000;
  const peak = peakMemoryMb(server.child.pid);
  log(
    `${settings.largeBodies} concurrent bodies of ${((bodies[0]?.length ?? 0) / 1024 / 1024).toFixed(2)} MiB: all ${tally.accepted.size === settings.largeBodies * settings.batch ? "accepted" : `NOT accepted (${tally.accepted.size} events)`} in ${seconds.toFixed(1)} s; ${refusalsOf(tally)}`,
  );
  log(
    `server peak RSS ${peak.toFixed(0)} MB (${before.toFixed(0)} MB before the bodies) ${peak < 300 ? "✓ < 300 MB" : "✗ not under 300 MB"}`,
  );
  checkRefusals(tally, "large bodies");
  if (tally.failures.length > 0)
    problems.push(`large bodies: ${tally.failures.slice(0, 3).join("; ")}`);
}

/** A body that stops coming, and headers that never end, are dropped within their timeouts. */
async function measureStalls() {
  const { keys } = await keysOf("stalls", 1);
  const body = await secondsUntilDropped(
    server.url,
    `POST /v1/ingest HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer ${keys[0]}\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n`,
    '{"v":1,"events":[',
  );
  const bodyLimit = Number(serverEnv.BODY_IDLE_TIMEOUT_SECONDS);
  log(
    `stalled body dropped after ${body.toFixed(1)} s (BODY_IDLE_TIMEOUT_SECONDS=${bodyLimit}) ${body < bodyLimit + 1.5 ? "✓" : "✗"}`,
  );
  if (body >= bodyLimit + 1.5) problems.push(`a stalled body was held ${body.toFixed(1)} s`);
  const head = await secondsUntilDropped(
    server.url,
    "POST /v1/ingest HTTP/1.1\r\nHost: steward\r\n",
    "",
  );
  const headLimit = Number(serverEnv.HEADERS_TIMEOUT_SECONDS);
  log(
    `unfinished headers dropped after ${head.toFixed(1)} s (HEADERS_TIMEOUT_SECONDS=${headLimit}, checked every second) ${head < headLimit + 1.5 ? "✓" : "✗"}`,
  );
  if (head >= headLimit + 1.5) problems.push(`unfinished headers were held ${head.toFixed(1)} s`);
}

/**
 * 50 clients on 10 keys of one workspace post 500-event batches as fast as they are taken,
 * while a quiet workspace sends 5 events every 250 ms; the inbox is sampled meanwhile.
 */
async function measureFlood() {
  const flood = await keysOf("flood", settings.floodKeys);
  const quiet = await keysOf("quiet", 1);
  const stopAt = performance.now() + settings.floodSeconds * 1000;
  const tally = createTally();
  const quietTally = createTally();
  const ackedAt = new Map<string, number>();
  let maxDepth = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxDepth = Math.max(maxDepth, await inboxDepth(db));
      await sleep(200);
    }
  })();
  const floodClients = Array.from({ length: settings.clients }, async (_, n) => {
    const key = flood.keys[n % flood.keys.length] as string;
    while (performance.now() < stopAt) {
      const events = Array.from({ length: settings.batch }, () => invocationEvent());
      await postUntilTaken({
        url: server.url,
        key,
        body: JSON.stringify({ v: 1, events }),
        tally,
        stopAt,
      });
    }
  });
  const quietClient = (async () => {
    while (performance.now() < stopAt) {
      const events = Array.from({ length: 5 }, () => invocationEvent());
      const before = quietTally.accepted.size;
      const acked = await postUntilTaken({
        url: server.url,
        key: quiet.keys[0] as string,
        body: JSON.stringify({ v: 1, events }),
        tally: quietTally,
        stopAt: stopAt + 10_000,
      });
      if (acked !== null && quietTally.accepted.size > before) {
        const at = Date.now();
        for (const event of events) ackedAt.set(event.eventId, at);
      }
      await sleep(250);
    }
  })();
  await Promise.all([...floodClients, quietClient]);
  const drainStarted = performance.now();
  await waitForEmptyInbox(db);
  sampling = false;
  await sampler;
  const seconds = settings.floodSeconds;
  log(
    `flood: ${settings.clients} clients × ${settings.batch}-event batches for ${seconds} s: ${tally.requests} requests, ${tally.accepted.size} events accepted (${Math.round(tally.accepted.size / seconds)}/s); ${refusalsOf(tally)}; inbox drained ${((performance.now() - drainStarted) / 1000).toFixed(1)} s after`,
  );
  checkRefusals(tally, "flood");
  checkRefusals(quietTally, "quiet");
  const bound = Number(serverEnv.INBOX_MAX_DEPTH);
  log(
    `inbox depth max ${maxDepth} (sampled every 200 ms) vs bound ${bound} ${maxDepth <= bound ? "✓ within" : `✗ over by ${maxDepth - bound} (admitted together before the next read)`}`,
  );
  const ledger = await ledgerCount(db, flood.workspaceId);
  log(
    `nothing lost: ledger ${ledger.applied} applied + ${ledger.dead} dead letters for ${tally.accepted.size} accepted ${ledger.applied + ledger.dead === tally.accepted.size ? "✓" : "✗"}`,
  );
  if (ledger.applied + ledger.dead !== tally.accepted.size) {
    problems.push(
      `accepted ${tally.accepted.size} events, the ledger holds ${ledger.applied + ledger.dead}`,
    );
  }
  const latencies = await appliedLatencies(db, quiet.workspaceId, ackedAt);
  const p99 = percentile(latencies, 0.99);
  log(
    `quiet workspace: ${ackedAt.size} events acknowledged (${refusalsOf(quietTally)}); ack→applied p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms ${p99 < 1000 ? "✓ < 1 s" : "✗ not under 1 s"}`,
  );
  if (latencies.length !== ackedAt.size) {
    problems.push(`quiet workspace: ${ackedAt.size} acknowledged, ${latencies.length} applied`);
  }
  log(`server peak RSS over the whole run ${peakMemoryMb(server.child.pid).toFixed(0)} MB`);
  log(`server /metrics: ${await metricsSummary()}`);
}

function refusalsOf(tally: Tally) {
  const parts = [...tally.refused].map(
    ([status, seen]) => `${seen.count}× ${status} (${seen.withRetryAfter} with Retry-After)`,
  );
  return parts.length > 0 ? parts.join(", ") : "no refusals";
}

function checkRefusals(tally: Tally, phase: string) {
  for (const [status, seen] of tally.refused) {
    if (seen.withRetryAfter < seen.count) {
      problems.push(
        `${phase}: ${seen.count - seen.withRetryAfter} × ${status} without Retry-After`,
      );
    }
  }
  if (tally.failures.length > 0)
    problems.push(`${phase}: ${tally.failures.slice(0, 3).join("; ")}`);
}

/** The refusals and event counters the server itself reports. */
async function metricsSummary() {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const pick = (pattern: RegExp) =>
    text
      .split("\n")
      .filter((line) => pattern.test(line))
      .map((line) => line.replace(/^steward_/, ""))
      .join(", ");
  return [
    pick(/^steward_admission_refusals_total\{/),
    pick(/^steward_events_(accepted|rejected|applied)_total /),
  ].join("; ");
}
