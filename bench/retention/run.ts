// bench/retention: how fast does retention delete expired telemetry while events are being
// ingested, and how much does it slow ingestion? Seeds a scratch Postgres database with expired
// and kept runs, times 100-event enqueues alone and then beside a retention pass, and checks the
// kept runs' rollups; then streams events through the worker with a short ledger window and
// shows the ledger level off. Prints its figures; asserts nothing.
import { randomUUID } from "node:crypto";
import {
  applyRetention,
  createDatabaseClient,
  createWorkspace,
  defaultRetentionOptions,
  enqueueEvents,
  setTelemetryRetention,
} from "@steward/db";
import { defaultBatchOptions, processInboxBatch } from "@steward/telemetry";
import { toInboxEvents } from "@steward/telemetry/testing";
import postgres from "postgres";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const expiredRuns = Number(process.env.BENCH_RETENTION_RUNS ?? 200);
const keptRuns = 20;
// Per run: 10 invocations × 10 steps × 10 tool calls.
const ledgerRows = Number(process.env.BENCH_RETENTION_LEDGER ?? 200_000);
const baselineMs = Number(process.env.BENCH_RETENTION_BASELINE_MS ?? 10_000);
const batchSize = Number(process.env.BENCH_RETENTION_BATCH ?? defaultRetentionOptions.batchSize);

const log = (text: string) => console.log(`bench/retention: ${text}`);
const name = `steward_bench_retention_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const client = await createDatabaseClient({
  kind: "postgres",
  url,
  migrate: true,
  maxConnections: 4,
});
const raw = postgres(url, { max: 1, onnotice: () => {} });

try {
  const { id: workspaceId } = await createWorkspace(client.db, { name: "Bench retention" });
  await setTelemetryRetention(client.db, { workspaceId, days: 30 });
  const seed = async (runs: number, finishedDaysAgo: number) => {
    await raw`
      with r as (
        insert into agent.feature_runs (workspace_id, id, title, finished_at, input_tokens, step_count)
        select ${workspaceId}, gen_random_uuid(), 'run', now() - make_interval(days => ${finishedDaysAgo}), 1000, 100
        from generate_series(1, ${runs}) returning id),
      i as (
        insert into agent.agent_invocations (workspace_id, id, run_id, finished_at, input_tokens, step_count)
        select ${workspaceId}, gen_random_uuid(), r.id, now() - make_interval(days => ${finishedDaysAgo}), 100, 10
        from r, generate_series(1, 10) returning id),
      s as (
        insert into agent.agent_steps (workspace_id, id, invocation_id, step_number, input_tokens)
        select ${workspaceId}, gen_random_uuid(), i.id, n, 10 from i, generate_series(0, 9) n
        returning id, invocation_id)
      insert into agent.tool_calls (workspace_id, invocation_id, step_id, tool_call_id, tool_name, input)
      select ${workspaceId}, s.invocation_id, s.id, gen_random_uuid()::text, 'search', '{"q":"x"}'
      from s, generate_series(1, 10)`;
  };
  const seeded = performance.now();
  // The seed writes whole trees whose parents it just wrote: foreign-key triggers would only
  // check what the statement guarantees, and at 10⁷ rows they are most of its time.
  await raw`set session_replication_role = replica`;
  for (let done = 0; done < expiredRuns; done += 50) {
    await seed(Math.min(50, expiredRuns - done), 60);
    if ((done / 50) % 20 === 19) log(`seeding: ${done + 50} of ${expiredRuns} expired runs`);
  }
  await seed(keptRuns, 1);
  await raw`set session_replication_role = origin`;
  await raw`
    insert into agent.ingested_events (workspace_id, event_id, processed_at)
    select ${workspaceId}, gen_random_uuid(), now() - make_interval(days => (n % 14))
    from generate_series(1, ${ledgerRows}) n`;
  await raw`analyze`;
  const [sizes] = await raw`select (select count(*) from agent.tool_calls)::int as tool_calls,
    (select count(*) from agent.agent_steps)::int as steps,
    (select count(*) from agent.ingested_events)::int as ledger`;
  log(
    `seeded ${sizes?.tool_calls} tool calls, ${sizes?.steps} steps (${expiredRuns} expired runs, ${keptRuns} kept), ${sizes?.ledger} ledger rows in ${((performance.now() - seeded) / 1000).toFixed(0)} s`,
  );

  /** Enqueues 100-event batches until `until` resolves; answers the latencies in ms. */
  const ingest = async (until: Promise<unknown>) => {
    let done = false;
    void until.then(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const events = Array.from({ length: 100 }, () => ({
        eventId: randomUUID(),
        eventType: "metric",
        payload: { type: "latency", value: 1 },
      }));
      const started = performance.now();
      await enqueueEvents(client.db, { workspaceId, events });
      latencies.push(performance.now() - started);
      // No worker runs here: the batch is taken out again, untimed, as a worker would take it,
      // so the inbox stays the size it keeps beside one rather than growing through the pass
      // (a larger inbox alone slows every enqueue, and would be charged to retention).
      await raw`delete from agent.ingest_inbox where workspace_id = ${workspaceId}
        and event_id = any(${events.map((event) => event.eventId)}::uuid[])`;
    }
    return latencies.sort((a, b) => a - b);
  };
  const p = (sorted: number[], q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const alone = await ingest(new Promise((resolve) => setTimeout(resolve, baselineMs)));
  log(
    `ingestion alone: ${alone.length} batches of 100, p50 ${p(alone, 0.5).toFixed(1)} ms, p99 ${p(alone, 0.99).toFixed(1)} ms`,
  );

  const started = performance.now();
  const pass = applyRetention(client.db, { ...defaultRetentionOptions, batchSize });
  const beside = await ingest(pass);
  const report = await pass;
  const seconds = (performance.now() - started) / 1000;
  const deleted = Object.values(report).reduce((sum, n) => sum + n, 0);
  log(
    `retention pass: ${deleted} rows in ${seconds.toFixed(1)} s = ${Math.round(deleted / seconds)} rows/s (batch ${batchSize}): ${JSON.stringify(report)}`,
  );
  log(
    `ingestion beside it: ${beside.length} batches, p50 ${p(beside, 0.5).toFixed(1)} ms, p99 ${p(beside, 0.99).toFixed(1)} ms (${(p(beside, 0.99) / p(alone, 0.99)).toFixed(2)}× alone)`,
  );
  const [check] = await raw`
    select count(*)::int as runs,
      count(*) filter (where r.input_tokens = (select sum(i.input_tokens) from agent.agent_invocations i where i.run_id = r.id))::int as exact_runs,
      (select count(*) from agent.agent_invocations i where i.input_tokens <> (select coalesce(sum(s.input_tokens), 0) from agent.agent_steps s where s.invocation_id = i.id))::int as inexact_invocations,
      (select count(*) from agent.ingested_events where processed_at < now() - interval '7 days')::int as ledger_past_window
    from agent.feature_runs r`;
  log(
    `after: ${check?.runs} runs left (${check?.exact_runs} with rollups equal to their invocations), ${check?.inexact_invocations} invocations whose rollups differ from their steps, ${check?.ledger_past_window} ledger rows past the window`,
  );

  // The ledger over a long run: the worker applies a steady stream while passes every few
  // seconds keep a short window, so its size levels off near rate × (window + interval)
  // instead of growing with every event ever applied.
  const longSeconds = Number(process.env.BENCH_RETENTION_LONG_SECONDS ?? 60);
  const windowMs = 15_000;
  const passEveryMs = 5_000;
  const { id: streamId } = await createWorkspace(client.db, { name: "Bench ledger" });
  const samples: number[] = [];
  let applied = 0;
  const streamStarted = performance.now();
  let nextPass = streamStarted + passEveryMs;
  while (performance.now() < streamStarted + longSeconds * 1000) {
    const events = toInboxEvents(
      Array.from({ length: 200 }, () => ({
        type: "invocation.started" as const,
        eventId: randomUUID(),
        invocationId: randomUUID(),
        agentName: "bench",
        startedAt: new Date().toISOString(),
      })),
    );
    await enqueueEvents(client.db, { workspaceId: streamId, events });
    for (;;) {
      const outcome = await processInboxBatch(client.db, defaultBatchOptions);
      applied += outcome.applied;
      if (outcome.claimed === 0) break;
    }
    if (performance.now() < nextPass) continue;
    nextPass += passEveryMs;
    await applyRetention(client.db, {
      ...defaultRetentionOptions,
      ledgerWindowMs: windowMs,
      batchSize,
    });
    const [ledger] = await raw`
      select count(*)::int as n from agent.ingested_events where workspace_id = ${streamId}`;
    samples.push(Number(ledger?.n ?? 0));
  }
  const rate = applied / ((performance.now() - streamStarted) / 1000);
  const ceiling = Math.round(rate * ((windowMs + passEveryMs) / 1000) * 1.2);
  const highest = Math.max(...samples);
  log(
    `ledger over a ${longSeconds} s run: ${applied} events applied (${Math.round(rate)}/s), window ${windowMs / 1000} s, a pass every ${passEveryMs / 1000} s; ledger rows after each pass: ${samples.join(", ")}; highest ${highest} ${highest <= ceiling ? `✓ bounded (≤ ${ceiling}, rate × (window + interval) + 20%)` : `✗ above ${ceiling}`}`,
  );
} finally {
  await raw.end();
  await client.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
