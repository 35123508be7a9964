import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
      execArgv: ["--import", "tsx"],
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("message", (message) =>
      resolve({ child, port: (message as { port: number }).port }),
    );
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

export function startWorker(databaseUrl: string, batchSize: number) {
  return fork(fileURLToPath(new URL("../../apps/worker/src/main.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WORKER_BATCH_SIZE: String(batchSize),
      WORKER_IDLE_POLL_MS: "20",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}
