// bench/api: requests per second and p50/p99 latency of a typical read — the run tree of a run
// with 1,000 steps and 3,000 tool calls — through tRPC and through a plain Hono handler running
// the same query, and the same run's skeleton (runView.skeleton) through tRPC, against
// Postgres, in one run. Prints its figures; asserts nothing.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createApiKey, createDatabaseClient, createWorkspace } from "@steward/db";
import postgres from "postgres";
import { seedRun } from "./seed-run";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const databaseName = `steward_bench_${Date.now().toString(36)}`;
const benchUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
let server: ChildProcess | undefined;
try {
  console.log(`bench/api: creating database ${databaseName} on ${new URL(adminUrl).host} …`);
  await admin.unsafe(`create database "${databaseName}"`);
  const database = await createDatabaseClient({ kind: "postgres", url: benchUrl, migrate: true });
  const workspace = await createWorkspace(database.db, { name: "Bench" });
  const { plainKey } = await createApiKey(database.db, {
    workspaceId: workspace.id,
    name: "bench",
    scopes: ["read"],
  });
  const seeded = await seedRun(database.db, workspace.id);
  await database.close();
  console.log(
    `bench/api: seeded a run with ${seeded.invocations} invocations, ${seeded.steps} steps, ${seeded.toolCalls} tool calls`,
  );

  server = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, DATABASE_URL: benchUrl },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server?.once("message", (message) => resolve((message as { port: number }).port));
    server?.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${plainKey}` };
  const trpcInput = encodeURIComponent(JSON.stringify({ runId: seeded.runId }));
  const variants = {
    trpc: `${base}/trpc/runs.tree?input=${trpcInput}`,
    plain: `${base}/plain/runs/${seeded.runId}/tree`,
    // One page large enough for the whole run, to compare like with like.
    skeleton: `${base}/trpc/runView.skeleton?input=${encodeURIComponent(JSON.stringify({ runId: seeded.runId, limit: 2000 }))}`,
  };

  for (const [name, url] of Object.entries(variants)) {
    const response = await fetch(url, { headers });
    const body = await response.text();
    const steps = (body.match(/"stepNumber"/g) ?? []).length;
    const calls = (body.match(/"toolName"/g) ?? []).length;
    const whole = name !== "skeleton" || body.includes('"nextCursor":null');
    if (response.status !== 200 || steps !== seeded.steps || calls !== seeded.toolCalls || !whole) {
      throw new Error(
        `${name} answered ${response.status} with ${steps} steps and ${calls} tool calls`,
      );
    }
    console.log(
      `bench/api: ${name} answers the whole ${name === "skeleton" ? "skeleton" : "tree"} (${(body.length / 1024).toFixed(0)} KiB)`,
    );
  }

  const results: Record<string, { rps: number; p50: number; p99: number; requests: number }> = {};
  for (const round of [1, 2]) {
    for (const [name, url] of Object.entries(variants)) {
      await load(url, headers, 2, concurrency); // warm-up
      const result = await load(url, headers, seconds, concurrency);
      console.log(
        `bench/api: round ${round} ${name.padEnd(8)} ${result.requests} requests in ${seconds}s, ` +
          `${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
      );
      if (round === 2) results[name] = result;
    }
  }
  const { trpc, plain, skeleton } = results;
  if (trpc && plain && skeleton) {
    const line = (label: string, r: typeof trpc) =>
      `  ${label.padEnd(9)}${r.rps.toFixed(1)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms\n`;
    console.log(
      `\nrun tree (1,000 steps, 3,000 tool calls), Postgres, ${concurrency} concurrent clients, ${seconds}s:\n` +
        line("tRPC", trpc) +
        line("plain", plain) +
        `  tRPC / plain throughput: ${(trpc.rps / plain.rps).toFixed(2)}\n` +
        `\nrun skeleton (runView.skeleton, the same run in one page), tRPC:\n` +
        line("skeleton", skeleton) +
        `  skeleton / full tree throughput: ${(skeleton.rps / trpc.rps).toFixed(2)}`,
    );
  }
} finally {
  server?.kill("SIGTERM");
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`).catch(() => {});
  await admin.end();
}

async function load(
  url: string,
  headers: Record<string, string>,
  durationSeconds: number,
  workers: number,
) {
  const latencies: number[] = [];
  const until = performance.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    rps: latencies.length / durationSeconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}
