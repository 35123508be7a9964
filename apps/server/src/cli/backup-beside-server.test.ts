import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { findProjectRoot } from "@steward/db";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const projectRoot = findProjectRoot();
const folder = mkdtempSync(join(tmpdir(), "steward-backup-beside-"));
const dataDir = join(folder, "data");
const { DATABASE_URL: _, ...baseEnv } = process.env;
const env = { ...baseEnv, STEWARD_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn" };
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

async function steward(args: string[], extraEnv: Record<string, string> = {}) {
  return run("pnpm", ["steward", ...args], {
    cwd: projectRoot,
    env: { ...env, ...extraEnv },
    timeout: 60_000,
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

describe.skipIf(Boolean(process.env.DATABASE_URL))("backup beside a running server", () => {
  it("is written by the server that holds the store, and restores into a new folder", async () => {
    const server = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
      cwd: projectRoot,
      env,
    });
    started.push(server);
    let output = "";
    server.stdout.on("data", (chunk) => {
      output += chunk;
    });
    server.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    const deadline = Date.now() + 90_000;
    while (!/Steward is listening/.test(output) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toMatch(/Steward is listening/);
    await steward(["workspace", "create", "Kept", "--slug", "kept"]);

    // A path relative to where the command runs, not to where the server runs.
    const backup = await steward(["backup", relative(projectRoot, join(folder, "backup.tar.gz"))]);
    expect(backup).toMatchObject({ stdout: expect.stringMatching(/Backed up embedded PGlite/) });
    expect(existsSync(join(folder, "backup.tar.gz"))).toBe(true);

    const copy = await steward(["copy", "--to", "postgres://127.0.0.1:1/none"]);
    expect(copy).toMatchObject({ code: 1, stderr: expect.stringMatching(/stop the server/) });
    const restoreHeld = await steward(["restore", join(folder, "backup.tar.gz")]);
    expect(restoreHeld).toMatchObject({ code: 1, stderr: expect.stringMatching(/--force/) });

    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    const restored = await steward(["restore", join(folder, "backup.tar.gz")], {
      STEWARD_DATA_DIR: join(folder, "restored"),
    });
    expect(restored).toMatchObject({
      stdout: expect.stringMatching(
        /Restored .* into embedded PGlite at .*restored: 2 workspace\(s\)/,
      ),
    });
    const listed = await steward(["workspace", "list"], {
      STEWARD_DATA_DIR: join(folder, "restored"),
    });
    expect(listed).toMatchObject({ stdout: expect.stringMatching(/kept/) });
  }, 240_000);
});
