import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DataFolderBusyError,
  dataFolderLockFile,
  lockDataFolder,
  readDataFolderHolder,
} from "./data-folder-lock";

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function createFolder() {
  const folder = mkdtempSync(join(tmpdir(), "steward-lock-"));
  folders.push(folder);
  return folder;
}

/** Another live process, and its start time as the lock records it. */
async function startOtherProcess() {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  children.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const processStart = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  return { child, pid: child.pid as number, processStart };
}

function writeLockOf(folder: string, holder: Record<string, unknown>) {
  writeFileSync(
    join(folder, dataFolderLockFile),
    JSON.stringify({ role: "the Steward server", command: "x", startedAt: "", ...holder }),
  );
}

describe("the embedded data folder's lock", () => {
  it("refuses a second owner in the same process, naming the holder, until the first releases it", () => {
    const folder = createFolder();
    const first = lockDataFolder(folder, { role: "the Steward server" });
    expect(() => lockDataFolder(folder, { role: "the command `steward key list`" })).toThrow(
      DataFolderBusyError,
    );
    expect(() => lockDataFolder(folder, { role: "x" })).toThrow(
      `The data folder ${folder} is in use by the Steward server, pid ${process.pid}`,
    );
    first.release();
    lockDataFolder(folder, { role: "x" }).release();
  });

  it("refuses while another live process holds the folder", async () => {
    const folder = createFolder();
    const other = await startOtherProcess();
    writeLockOf(folder, {
      pid: other.pid,
      lockId: "other",
      processStart: other.processStart,
      url: "http://127.0.0.1:3999",
    });
    try {
      lockDataFolder(folder, { role: "x" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataFolderBusyError);
      expect((error as Error).message).toContain(
        `the Steward server listening on http://127.0.0.1:3999, pid ${other.pid}`,
      );
    }
  });

  it("takes over the lock of a process that died without releasing it (kill -9)", async () => {
    const folder = createFolder();
    const other = await startOtherProcess();
    writeLockOf(folder, { pid: other.pid, lockId: "dead", processStart: other.processStart });
    other.child.kill("SIGKILL");
    await new Promise((resolve) => other.child.once("exit", resolve));
    const lock = lockDataFolder(folder, { role: "the Steward server" });
    expect(readDataFolderHolder(folder)?.pid).toBe(process.pid);
    lock.release();
  });

  it("takes over when the holder's pid now belongs to another process (a restart reused it)", async () => {
    const folder = createFolder();
    const other = await startOtherProcess();
    writeLockOf(folder, { pid: other.pid, lockId: "old", processStart: "1" });
    lockDataFolder(folder, { role: "x" }).release();
  });

  it("takes over a lock file it cannot read, and one left by an earlier process with our pid", () => {
    const folder = createFolder();
    writeFileSync(join(folder, dataFolderLockFile), "{not json");
    lockDataFolder(folder, { role: "x" }).release();
    writeLockOf(folder, { pid: process.pid, lockId: "earlier incarnation" });
    lockDataFolder(folder, { role: "x" }).release();
  });

  it("publishes a server's URL and token in a file only its owner can read, and removes it on release", () => {
    const folder = createFolder();
    const lock = lockDataFolder(folder, { role: "the Steward server" });
    lock.publish({ url: "http://127.0.0.1:3000", operatorToken: "secret" });
    const path = join(folder, dataFolderLockFile);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readDataFolderHolder(folder)).toMatchObject({
      pid: process.pid,
      url: "http://127.0.0.1:3000",
      operatorToken: "secret",
    });
    expect(lock.holder).not.toHaveProperty("operatorToken");
    lock.release();
    expect(() => statSync(path)).toThrow(/ENOENT/);
    expect(readDataFolderHolder(folder)).toBeUndefined();
  });
});
