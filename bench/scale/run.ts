// bench/scale: do the lists and the usage report stay fast as a workspace grows from 10⁵ to 10⁷
// tool calls? Seeds a scratch database by COPY, then times each query through the real query
// functions with one client. Prints its figures; asserts nothing.
import { agents, createDatabaseClient, createWorkspace, projects } from "@steward/db";
import postgres from "postgres";
import { buildCases, type Case, type Probe } from "./cases";
import { printPlans } from "./explain";
import { ms, type Timing, timeCase } from "./measure";
import { copyBatch, rebuildUsageRollup } from "./seed";
import {
  agentTypes,
  type Batch,
  invocationsPerRun,
  largeRunInvocations,
  largeRunNumbers,
  toolCallsPerRun,
} from "./shape";
import { skeletonCases } from "./skeleton";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const maxSize = Number(process.env.BENCH_SCALE_MAX ?? 1e7);
const sizes = [...new Set([Math.min(1e5, maxSize), maxSize])];
const listSamples = Number(process.env.BENCH_SCALE_LIST_SAMPLES ?? 200);
const aggregateSamples = Number(process.env.BENCH_SCALE_AGGREGATE_SAMPLES ?? 50);
const showPlans = process.env.BENCH_SCALE_PLANS !== "0";
const targets = { listP99: 50, aggregateP99: 500, growth: 2 };

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const log = (text: string) => console.log(`bench/scale [${elapsed()}]: ${text}`);
const sizeLabel = (n: number) => `1e${Math.round(Math.log10(n))}`;
const count = (n: unknown) => Number(n).toLocaleString("en");

const name = `steward_bench_scale_${Date.now().toString(36)}`;
const urlOf = (database: string) =>
  Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const client = await createDatabaseClient({
  kind: "postgres",
  url: urlOf(name),
  migrate: true,
  maxConnections: 1,
});
// Two connections: the two workspaces are written side by side, one per core.
const raw = postgres(urlOf(name), { max: 2, onnotice: () => {} });

/** A workspace with two agents of each type and four projects, as the seeded runs name. */
async function createBenchWorkspace(label: string) {
  const workspace = await createWorkspace(client.db, { name: `Bench ${label}` });
  const workspaceId = workspace.id;
  const agentIds = Object.fromEntries(
    agentTypes.map((type) => [type, []]),
  ) as unknown as Batch["agentIds"];
  for (const type of agentTypes) {
    const rows = await client.db
      .insert(agents)
      .values(
        [1, 2].map((n) => ({
          workspaceId,
          name: `${type} ${n}`,
          slug: `${type}-${n}`,
          type,
          mode: "implementation",
        })),
      )
      .returning({ id: agents.id });
    agentIds[type].push(...rows.map((row) => row.id));
  }
  const projectRows = await client.db
    .insert(projects)
    .values(
      [1, 2, 3, 4].map((n) => ({
        workspaceId,
        name: `P${n}`,
        mode: "evolution" as const,
        rootPath: `/p${n}`,
      })),
    )
    .returning({ id: projects.id });
  return { workspaceId, agentIds, projectIds: projectRows.map((p) => p.id) };
}

async function probeOf(workspaceId: string, agentId: string, projectId: string): Promise<Probe> {
  // A run from the middle of the history, its root invocation and one of its invocations.
  const [run] = await raw`
    select id from agent.feature_runs where workspace_id = ${workspaceId}
    order by created_at
    offset (select count(*) / 2 from agent.feature_runs where workspace_id = ${workspaceId})
    limit 1`;
  const [root] = await raw`
    select id from agent.agent_invocations
    where workspace_id = ${workspaceId} and run_id = ${run?.id} and parent_invocation_id is null`;
  const [child] = await raw`
    select id from agent.agent_invocations
    where workspace_id = ${workspaceId} and parent_invocation_id = ${root?.id} limit 1`;
  return {
    agentId,
    projectId,
    runId: run?.id,
    rootInvocationId: root?.id,
    invocationId: child?.id,
  };
}

const results = new Map<string, Map<number, Timing & { kind: Case["kind"] }>>();
try {
  const now = Date.now();
  const workspaces = [await createBenchWorkspace("A"), await createBenchWorkspace("B")];
  log(
    `scratch database ${name} on ${new URL(adminUrl).host}: 2 workspaces, each at ${sizes.map(sizeLabel).join(" then ")} tool calls`,
  );
  let runsSoFar = 0;
  let nextRun = 0;
  for (const size of sizes) {
    const runCount = Math.round(size / toolCallsPerRun) - runsSoFar;
    const seedStarted = performance.now();
    const batches = workspaces.map((workspace, index) => {
      const batch: Batch = { ...workspace, firstRun: nextRun, runCount, invocationsPerRun, now };
      nextRun += runCount;
      return { batch, label: `workspace ${"AB"[index]}` };
    });
    // The same large run in A at every size, so its skeleton shows only the workspace's growth.
    const [a] = workspaces;
    if (!a) throw new Error("no workspace");
    if (runsSoFar === 0) {
      batches.push({
        batch: {
          ...a,
          firstRun: largeRunNumbers,
          runCount: 1,
          invocationsPerRun: largeRunInvocations,
          now,
        },
        label: "workspace A, its large run",
      });
    }
    await Promise.all(
      batches.map(({ batch, label }) =>
        copyBatch(raw, batch, (table, rows) =>
          log(`seed ${sizeLabel(size)}, ${label}: ${table} ${count(rows)} rows`),
        ),
      ),
    );
    runsSoFar += runCount;
    const copySeconds = (performance.now() - seedStarted) / 1000;
    await rebuildUsageRollup(raw);
    const rollupSeconds = (performance.now() - seedStarted) / 1000 - copySeconds;
    // Autovacuum may be off on the bench server: vacuum so the visibility map is as a live
    // server's would be, then analyze so the planner sees the new sizes.
    await raw.unsafe("vacuum analyze");
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [totals] = await raw`
      select (select count(*) from agent.tool_calls) as tool_calls,
        (select count(*) from agent.agent_steps) as steps,
        (select count(*) from agent.agent_invocations) as invocations,
        (select count(*) from agent.feature_runs) as runs,
        (select count(*) from agent.step_usage_daily) as usage_rows,
        pg_size_pretty(pg_database_size(current_database())) as size`;
    log(
      `seeded ${sizeLabel(size)} in ${seedSeconds.toFixed(0)} s (COPY ${copySeconds.toFixed(0)} s, usage rollup ${rollupSeconds.toFixed(0)} s, vacuum analyze ${(seedSeconds - copySeconds - rollupSeconds).toFixed(0)} s): the two workspaces hold ${count(totals?.tool_calls)} tool calls, ${count(totals?.steps)} steps, ${count(totals?.invocations)} invocations, ${count(totals?.runs)} runs, ${count(totals?.usage_rows)} usage rows; ${totals?.size}`,
    );

    const probe = await probeOf(a.workspaceId, a.agentIds.coder[0] ?? "", a.projectIds[0] ?? "");
    const [large] = await raw`
      select run_id as id from agent.agent_invocations where workspace_id = ${a.workspaceId}
      group by run_id order by count(*) desc limit 1`;
    const cases = [
      ...buildCases(client.db, a.workspaceId, now, probe),
      ...(await skeletonCases(client.db, a.workspaceId, large?.id)),
    ];
    for (const item of cases) {
      const samples = item.kind === "list" ? listSamples : aggregateSamples;
      const timing = await timeCase(item, samples, item.kind === "list" ? 5 : 2);
      const bySize = results.get(item.name) ?? new Map();
      bySize.set(size, { ...timing, kind: item.kind });
      results.set(item.name, bySize);
    }
    log(`timed ${cases.length} queries at ${sizeLabel(size)}`);
    if (showPlans && size === maxSize) await printPlans(client.db, cases);
  }
  report();
} finally {
  await client.close();
  await raw.end();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  log(`dropped ${name}; total ${elapsed()}`);
}

function report() {
  const [small, large] = [sizes[0] ?? 0, sizes.at(-1) ?? 0];
  const header = `${"query (workspace A)".padEnd(46)} ${`${sizeLabel(small)} p50/p99 ms`.padStart(18)} ${`${sizeLabel(large)} p50/p99 ms`.padStart(18)}  growth`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  // Growth compares p50s, each floored at 1 ms: below that the round trip is the figure.
  const floor = (value: number) => Math.max(value, 1);
  let worst = { name: "", growth: 0 };
  const misses: string[] = [];
  for (const [caseName, bySize] of results) {
    const a = bySize.get(small);
    const b = bySize.get(large);
    if (!a || !b) continue;
    const growth = floor(b.p50) / floor(a.p50);
    if (growth > worst.growth) worst = { name: caseName, growth };
    const cell = (t: Timing) => `${ms(t.p50)}/${ms(t.p99)}`.padStart(18);
    console.log(`${caseName.padEnd(46)} ${cell(a)} ${cell(b)}  ${growth.toFixed(2)}×`);
    const limit = {
      list: targets.listP99,
      aggregate: targets.aggregateP99,
      skeleton: targets.listP99,
    }[b.kind];
    if (limit !== undefined && b.p99 > limit)
      misses.push(`${caseName}: p99 ${ms(b.p99)} ms > ${limit} ms`);
    if (growth > targets.growth) {
      misses.push(`${caseName}: growth ${growth.toFixed(2)}× > ${targets.growth}×`);
    }
  }
  console.log(
    `\nworst growth ${sizeLabel(small)} → ${sizeLabel(large)}: ${worst.growth.toFixed(2)}× (${worst.name})`,
  );
  console.log(
    `samples: ${listSamples} per list, ${aggregateSamples} per aggregate and skeleton page, after a warm-up; growth compares p50s floored at 1 ms`,
  );
  console.log(
    `targets at ${sizeLabel(large)}: list and skeleton page p99 ≤ ${targets.listP99} ms, 30-day usage p99 ≤ ${targets.aggregateP99} ms, growth ≤ ${targets.growth}×`,
  );
  console.log(misses.length ? `misses:\n  ${misses.join("\n  ")}` : "misses: none");
}
