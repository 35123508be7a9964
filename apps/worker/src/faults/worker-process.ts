import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const workerMain = fileURLToPath(new URL("../main.ts", import.meta.url));

/** A real worker process, named in pg_stat_activity so a test can see what it is doing. */
export function startWorkerProcess(
  databaseUrl: string,
  name: string,
  batchSize = 25,
  logLevel = "warn",
): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", workerMain], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PGAPPNAME: name,
      WORKER_BATCH_SIZE: String(batchSize),
      WORKER_IDLE_POLL_MS: "50",
      LOG_LEVEL: logLevel,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function exited(child: ChildProcess) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
    } else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
