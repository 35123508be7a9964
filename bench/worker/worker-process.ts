import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const workerMain = fileURLToPath(new URL("../../apps/worker/src/main.ts", import.meta.url));

/**
 * The production worker (apps/worker/src/main.ts) in a child process of its own, so its memory
 * is its own: peak resident memory is the kernel's high-water mark (VmHWM), read while it runs.
 */
export function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}) {
  const startedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", workerMain], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WORKER_IDLE_POLL_MS: "20",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let peakMb = 0;
  const sample = () => {
    peakMb = Math.max(peakMb, readPeakMb(child.pid));
  };
  const sampler = setInterval(sample, 100);
  const logLines: string[] = [];
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        if (line.includes("recording telemetry")) resolve(performance.now());
        else if (logLines.length < 1_000) logLines.push(line);
      }
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => process.stderr.write(chunk));
    child.once("exit", (code) =>
      reject(new Error(`the worker exited with ${code} before it was ready`)),
    );
  });
  return {
    startedAt,
    ready,
    /** Log lines the worker printed (pino JSON at level warn and above). */
    logLines,
    peakRssMb() {
      sample();
      return peakMb;
    },
    async stop() {
      sample();
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readPeakMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process has exited
  }
}
