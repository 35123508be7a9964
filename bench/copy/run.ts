// bench/copy: moving an embedded store to a Postgres server, interrupted and resumed. Fills a
// fresh embedded store (PGlite) with the demo's run, played over HTTP by `pnpm demo`, and
// 100,000 telemetry events applied by the worker; then runs `pnpm steward copy --to` into a
// fresh Postgres database, kills it (SIGKILL) part-way, runs it again, and prints the second
// run's per-table counts and checksums. Prints its figures; exits 1 when the copy does not
// verify.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { enqueueEvents, featureRuns, phaseResults, readInboxPressure } from "@steward/db";
import { bootSteward } from "@steward/server/boot";
import { buildScenario, toInboxEvents } from "@steward/telemetry/testing";
import postgres from "postgres";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const eventTarget = Number(process.env.BENCH_COPY_EVENTS ?? 100_000);

const root = fileURLToPath(new URL("../..", import.meta.url));
const log = (text: string) => console.log(`bench/copy: ${text}`);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const dataDir = mkdtempSync(join(tmpdir(), "steward-bench-copy-"));
// The commands run on the embedded store: without DATABASE_URL, in STEWARD_DATA_DIR.
const { DATABASE_URL: _, ...inherited } = process.env;
const storeEnv = { ...inherited, STEWARD_DATA_DIR: dataDir };
const name = `steward_bench_copy_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const targetUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

/**
 * `pnpm steward …` as its script runs it, without pnpm in between: pnpm's reporter holds a
 * filtered script's output back, and the bench acts on each line as it is printed.
 */
const steward = ["node", "--import", "tsx", join(root, "apps/server/src/cli/main.ts")];

/** Runs a command in the repository; answers its exit and everything it printed. */
function run(
  args: string[],
  watch?: (line: string, child: ChildProcess) => void,
  env: Record<string, string> = {},
) {
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    // A group of its own, so a kill reaches every process the command started.
    const child = spawn(args[0] as string, args.slice(1), {
      cwd: root,
      env: { ...storeEnv, ...env },
      detached: true,
    });
    let output = "";
    let pending = "";
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) watch?.(line, child);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
}

async function fillStore() {
  const started = performance.now();
  const steward = await bootSteward({ dataDir });
  const { database, workspaceId: workspace, url, apiKey: plainKey } = steward;
  try {
    // The demo plays its run over HTTP into this store's server.
    const demo = await run(["pnpm", "--silent", "demo"], undefined, {
      STEWARD_URL: url,
      STEWARD_KEY: plainKey,
    });
    if (demo.code !== 0) throw new Error(`pnpm demo failed:\n${demo.output}`);
    log(`pnpm demo played its run into the store in ${seconds(started)} s`);
    let events = 0;
    let scenarios = 0;
    while (events < eventTarget) {
      const scenario = buildScenario();
      await database.db.insert(featureRuns).values({
        workspaceId: workspace,
        id: scenario.runId,
        title: `Run ${scenarios}`,
      });
      await database.db.insert(phaseResults).values({
        workspaceId: workspace,
        id: scenario.phaseResultId,
        runId: scenario.runId,
        phase: "analysis",
      });
      const batch = toInboxEvents(scenario.events).slice(0, eventTarget - events);
      await enqueueEvents(database.db, { workspaceId: workspace, events: batch });
      events += batch.length;
      scenarios++;
      if (scenarios % 200 === 0) log(`queued ${events} events (${scenarios} runs)`);
    }
    for (;;) {
      const { depth } = await readInboxPressure(database.db);
      if (depth === 0) break;
      log(`worker applying: ${depth} events left`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    log(
      `embedded store ${dataDir}: the demo's run and ${events} events (${scenarios} runs) applied in ${seconds(started)} s`,
    );
  } finally {
    await steward.stop();
  }
}

let failed = false;
try {
  const started = performance.now();
  await fillStore();
  await admin.unsafe(`create database "${name}"`);

  const first = performance.now();
  let lines = 0;
  let killedDuring: string | undefined;
  // Killed in the middle of a table: on its first progress line that is not its last.
  const interrupted = await run([...steward, "copy", "--to", targetUrl], (line, child) => {
    lines++;
    const midTable = /^\s*(\w+): (\d+) \/ (\d+) copied/.exec(line);
    if (!midTable || killedDuring || Number(midTable[2]) >= Number(midTable[3])) return;
    killedDuring = line.trim();
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone: reported below as not interrupted.
    }
  });
  log(
    `first copy killed (${interrupted.signal ?? `exit ${interrupted.code}`}) after ${seconds(first)} s and ${lines} lines, at "${killedDuring ?? "?"}"; its last lines:`,
  );
  for (const line of interrupted.output.trim().split("\n").slice(-3)) log(`  ${line}`);
  if (interrupted.signal !== "SIGKILL") {
    failed = true;
    log("✗ the first copy finished before it was killed: raise BENCH_COPY_EVENTS");
  }

  const second = performance.now();
  const resumed = await run([...steward, "copy", "--to", targetUrl]);
  log(`second copy (resumed) exit ${resumed.code} in ${seconds(second)} s:`);
  for (const line of resumed.output.trim().split("\n")) log(`  ${line}`);
  const verified = /counts and checksums equal/.test(resumed.output) && resumed.code === 0;
  const resumedTables = /resuming after the rows already copied/.test(resumed.output);
  log(
    `${verified ? "✓ counts and checksums equal per table" : "✗ the copy did not verify"}; ${resumedTables ? "resumed after the rows the first run copied" : "✗ nothing was resumed"}; whole bench ${seconds(started)} s`,
  );
  if (!verified || !resumedTables) failed = true;
} finally {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
