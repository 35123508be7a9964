import { type ChildProcess, fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startScriptFlags } from "../start-flags";
import type { LedgerQuery } from "./ledger";

/** With BENCH_CPU_PROF=<folder>, each child writes a CPU profile there when it exits. */
const execArgv = [
  "--import",
  "tsx",
  ...(process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : []),
];

/** CPU seconds a live process has used (Linux: utime + stime), NaN when unknown. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used by every process of the local Postgres server (its backends included). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      total += cpuSeconds(Number(entry));
    } catch {}
  }
  return total;
}

/** Peak resident memory of a live process, in MB (Linux: VmHWM). */
export function peakMemoryMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export function startBenchServer(databaseUrl: string) {
  return new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("../api/server.ts", import.meta.url)), {
      execArgv: [...startScriptFlags("server"), ...execArgv],
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("message", (message) =>
      resolve({ child, port: (message as { port: number }).port }),
    );
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** A worker process as `pnpm --filter worker start` runs it, with its default settings. */
export function startWorker(databaseUrl: string) {
  return fork(fileURLToPath(new URL("../../apps/worker/src/main.ts", import.meta.url)), {
    execArgv: [...startScriptFlags("worker"), ...execArgv],
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}

/** The embedded store's server, worker inside (see embedded-server.ts), on a seeded folder. */
export function startEmbeddedServer(dataDir: string) {
  return new Promise<{
    child: ChildProcess;
    port: number;
    query: (query: LedgerQuery) => Promise<unknown>;
  }>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./embedded-server.ts", import.meta.url)), {
      execArgv: [...startScriptFlags("server"), ...execArgv],
      env: { ...process.env, STEWARD_DATA_DIR: dataDir },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
    let nextId = 0;
    const query = (ledgerQuery: LedgerQuery) =>
      new Promise<unknown>((resolveQuery, rejectQuery) => {
        const id = nextId++;
        pending.set(id, { resolve: resolveQuery, reject: rejectQuery });
        child.send({ id, query: ledgerQuery });
      });
    child.on(
      "message",
      (message: { port?: number; id?: number; result?: unknown; error?: string }) => {
        if (message.port !== undefined) return resolve({ child, port: message.port, query });
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiter || message.id === undefined) return;
        pending.delete(message.id);
        if (message.error) waiter.reject(new Error(message.error));
        else waiter.resolve(message.result);
      },
    );
    child.once("exit", (code) => reject(new Error(`embedded server exited with ${code}`)));
  });
}
