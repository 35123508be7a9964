import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  createDatabaseClient,
  findProjectRoot,
  readDataFolderHolder,
  workspaces,
} from "@steward/db";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const projectRoot = findProjectRoot();
const dataDir = mkdtempSync(join(tmpdir(), "steward-beside-"));
// The embedded store, whatever the test run itself uses.
const { DATABASE_URL: _, ...baseEnv } = process.env;
const env = { ...baseEnv, STEWARD_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn" };
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * `pnpm start`'s `tsx src/main.ts`, loaded in this node process rather than under tsx's wrapper,
 * so the pid killed at the end is the server's own and no server outlives a failed test.
 */
function startServer() {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: projectRoot,
    env,
  });
  started.push(child);
  const output = { text: "" };
  child.stdout.on("data", (chunk) => {
    output.text += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output.text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output, exited };
}

async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The README's `pnpm steward …`, as a process of its own. */
async function steward(...args: string[]) {
  const { stdout } = await run("pnpm", ["steward", ...args], {
    cwd: projectRoot,
    env,
    timeout: 60_000,
  });
  return stdout;
}

describe.skipIf(Boolean(process.env.DATABASE_URL))(
  "operator commands beside a running server",
  () => {
    it("run through the server that holds the embedded store, and a second server is refused at once", async () => {
      const first = startServer();
      const url = await waitFor(
        () => /Steward is listening on (http:\/\/\S+)/.exec(first.output.text)?.[1],
        "the server to listen",
      );
      const firstKey = /(stw_\S+)/.exec(first.output.text)?.[1] ?? "";
      const serverPid = first.child.pid;
      expect(readDataFolderHolder(dataDir)?.pid).toBe(serverPid);
      const agentsWith = (key: string) =>
        fetch(`${url}/trpc/agents.list?input=%7B%7D`, {
          headers: { authorization: `Bearer ${key}` },
        }).then((answer) => answer.status);

      expect(await steward("workspace", "create", "Acme", "--slug", "acme")).toMatch(
        /Created workspace "Acme" \(slug acme/,
      );
      const created = await steward(
        "key",
        "create",
        "--workspace",
        "acme",
        "--scopes",
        "read,write",
      );
      const [, keyId, plainKey] = /Created key (\S+)[\s\S]*\s(stw_\S+)/.exec(created) ?? [];
      expect(await agentsWith(plainKey ?? "")).toBe(200);
      expect(await steward("key", "list", "--workspace", "acme")).toContain(keyId);
      expect(await steward("key", "revoke", "--workspace", "acme", keyId ?? "")).toMatch(/Revoked/);
      expect(await agentsWith(plainKey ?? "")).toBe(401);

      const rollback = await run("pnpm", ["steward", "rollback"], { cwd: projectRoot, env }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(rollback).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`stop the server (pid ${serverPid}) first`),
      });

      const second = startServer();
      const startedAt = Date.now();
      expect(await second.exited).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(second.output.text).toContain(
        `Steward: cannot start: The data folder ${dataDir} is in use by the Steward server listening on ${url}, pid ${serverPid}`,
      );
      expect(second.output.text).not.toMatch(/\n\s+at /);

      // The first keeps serving, with everything it had.
      expect(await agentsWith(firstKey)).toBe(200);
      expect(await steward("workspace", "list")).toMatch(/2 workspace\(s\)[\s\S]*acme/);

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dataDir, "steward.lock"))).toBe(false);
      const reopened = await createDatabaseClient({ kind: "pglite", dataDir });
      try {
        const slugs = await reopened.db.select({ slug: workspaces.slug }).from(workspaces);
        expect(slugs.map((row) => row.slug).sort()).toEqual(["acme", "default"]);
      } finally {
        await reopened.close();
      }
    }, 240_000);
  },
);
