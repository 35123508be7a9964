import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "./client";
import { DataFolderBusyError } from "./data-folder-lock";
import { DataFolderError } from "./prepare-data-folder";
import { rowsOf } from "./rows";
import { workspaces } from "./schema";
import { createTestDatabase, useTestDatabase } from "./testing";

describe("database client (seed 004's DatabaseClient)", () => {
  const database = useTestDatabase();

  it("lists its tables and answers ping", async () => {
    expect(await database.current.tables()).toContain("agent_invocations");
    expect(await database.current.ping()).toBe(true);
  });

  it("commits a transaction's work together, and undoes all of it when the work throws", async () => {
    const client = database.current;
    await expect(
      client.transaction(async (tx) => {
        await tx.insert(workspaces).values({ name: "lost", slug: "lost-1" });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await client.transaction(async (tx) => {
      await tx.insert(workspaces).values({ name: "kept", slug: "kept-1" });
      await tx.insert(workspaces).values({ name: "kept", slug: "kept-2" });
    });
    const rows = await client.db.select({ slug: workspaces.slug }).from(workspaces);
    const slugs = rows.map((row) => row.slug);
    expect(slugs).toEqual(expect.arrayContaining(["kept-1", "kept-2"]));
    expect(slugs).not.toContain("lost-1");
  });

  it("answers ping false once closed", async () => {
    const own = await createTestDatabase();
    expect(await own.ping()).toBe(true);
    await own.db.execute(sql`select 1`);
    await own.close();
    expect(await own.ping()).toBe(false);
  });
});

describe("opening an embedded data folder", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  const createFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), "steward-client-"));
    folders.push(folder);
    return folder;
  };

  it("gives the folder one owner: a second opener is refused at once, naming the holder, until the first closes", async () => {
    const dataDir = createFolder();
    const first = await createDatabaseClient({
      kind: "pglite",
      dataDir,
      holder: "the Steward server",
    });
    await first.db.execute(sql`create table kept as select 'row' as name`);

    const started = performance.now();
    const second = createDatabaseClient({ kind: "pglite", dataDir });
    await expect(second).rejects.toThrow(DataFolderBusyError);
    await expect(second).rejects.toThrow(
      `The data folder ${dataDir} is in use by the Steward server, pid ${process.pid}`,
    );
    expect(performance.now() - started).toBeLessThan(2_000);

    await first.close();
    const reopened = await createDatabaseClient({ kind: "pglite", dataDir });
    expect(rowsOf(await reopened.db.execute(sql`select name from kept`))).toEqual([
      { name: "row" },
    ]);
    await reopened.close();
  });

  it("says which folder cannot be created, and why, instead of hanging", async () => {
    const underProc = `/proc/steward-${process.pid}/data`;
    await expect(createDatabaseClient({ kind: "pglite", dataDir: underProc })).rejects.toThrow(
      `Cannot create the data folder ${underProc}: the parent folder does not accept new folders (ENOENT)`,
    );
    const file = join(createFolder(), "a-file");
    writeFileSync(file, "");
    await expect(
      createDatabaseClient({ kind: "pglite", dataDir: join(file, "data") }),
    ).rejects.toThrow(DataFolderError);
  });

  it.runIf(canMount())(
    "says the folder is not writable when its file system is read-only",
    async () => {
      const dataDir = createFolder();
      execFileSync("mount", ["--bind", dataDir, dataDir]);
      try {
        execFileSync("mount", ["-o", "remount,ro,bind", dataDir]);
        await expect(createDatabaseClient({ kind: "pglite", dataDir })).rejects.toThrow(
          `The data folder ${dataDir} is not writable: the file system is read-only (EROFS)`,
        );
      } finally {
        execFileSync("umount", [dataDir]);
      }
    },
  );
});

/** Root with CAP_SYS_ADMIN (as in CI here) can mount; elsewhere the mount tests are skipped. */
function canMount() {
  return process.getuid?.() === 0 && spawnSync("mount", ["--help"]).status === 0;
}
