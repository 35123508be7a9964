import { type ChildProcess, fork } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startScriptFlags } from "../start-flags";

/** A port free on loopback now, for a child to listen on. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The server as `pnpm --filter @steward/server start` runs it (apps/server/src/main.ts), with
 * its limits from `env`: what is measured is what an operator configures.
 */
export async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = fork(
    fileURLToPath(new URL("../../apps/server/src/main.ts", import.meta.url)),
    {
      // BENCH_LOAD_NODE_FLAGS: further flags for the server's node, e.g. `--cpu-prof`.
      execArgv: [
        ...startScriptFlags("server"),
        "--import",
        "tsx",
        ...(process.env.BENCH_LOAD_NODE_FLAGS ?? "").split(" ").filter(Boolean),
      ],
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`bench/load: the server exited (${child.exitCode})`);
    const ready = await fetch(`${url}/healthz`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (ready) return { child, url };
    if (Date.now() > deadline) throw new Error("bench/load: the server did not start in 60 s");
    await sleep(100);
  }
}

/** Stops a child and waits for it to go. */
export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
