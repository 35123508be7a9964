import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export type RunningSteward = {
  url: string;
  /** The key the first start printed. */
  key: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
};

const repoRoot = resolve(import.meta.dirname, "../../..");

/**
 * Steward as a newcomer starts it: `pnpm start` on an empty embedded store (console included),
 * on a free port. Answers once it prints its URL and first key.
 */
export async function startFreshSteward(): Promise<RunningSteward> {
  const dataDir = mkdtempSync(join(tmpdir(), "steward-browser-"));
  let printed = "";
  const child: ChildProcess = spawn("pnpm", ["start"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: "", STEWARD_DATA_DIR: dataDir, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => {
    printed += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    printed += String(chunk);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const url = /Steward is listening on (http:\/\/\S+)/.exec(printed)?.[1];
    const key = /\b(stw_[A-Za-z0-9_-]+)/.exec(printed)?.[1];
    if (url && key) return { url, key, output: () => printed, stop };
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  await stop();
  throw new Error(`pnpm start did not print its URL and key:\n${printed}`);
}
