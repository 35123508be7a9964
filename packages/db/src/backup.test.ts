import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { restoreBackup, writeBackup } from "./backup";
import { createDatabaseClient } from "./client";
import { listWorkspaces } from "./queries/workspaces";
import { createTestWorkspace } from "./testing";

const root = mkdtempSync(join(tmpdir(), "steward-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("backup and restore of the embedded store", () => {
  const file = join(root, "steward.tar.gz");

  it("writes a backup while the store is open and in use, and restores it into a new folder", async () => {
    const source = await createDatabaseClient({
      kind: "pglite",
      dataDir: join(root, "live"),
      migrate: true,
    });
    try {
      await createTestWorkspace(source.db, "Before the backup");
      expect(await writeBackup(source, file)).toMatchObject({ outcome: "written" });
      await createTestWorkspace(source.db, "After the backup");
    } finally {
      await source.close();
    }
    const dataDir = join(root, "restored");
    expect(await restoreBackup({ file, dataDir, force: false })).toEqual({
      outcome: "restored",
      workspaces: 1,
      setAside: undefined,
    });
    const restored = await createDatabaseClient({ kind: "pglite", dataDir, migrate: true });
    try {
      expect((await listWorkspaces(restored.db)).map((w) => w.name)).toEqual(["Before the backup"]);
    } finally {
      await restored.close();
    }
  });

  it("refuses a folder that holds a store unless forced, and then moves that store aside", async () => {
    const dataDir = join(root, "restored");
    expect(await restoreBackup({ file, dataDir, force: false })).toMatchObject({
      outcome: "refused",
      reason: expect.stringContaining("--force"),
    });
    const forced = await restoreBackup({ file, dataDir, force: true });
    expect(forced).toMatchObject({ outcome: "restored", workspaces: 1 });
    const aside = forced.outcome === "restored" ? forced.setAside : undefined;
    expect(aside && existsSync(join(aside, "PG_VERSION"))).toBe(true);
  });

  it("refuses a file that is not a backup, leaving the folder empty", async () => {
    const bogus = join(root, "not-a-backup.tar.gz");
    writeFileSync(bogus, "hello");
    const dataDir = join(root, "from-bogus");
    expect(await restoreBackup({ file: bogus, dataDir, force: false })).toMatchObject({
      outcome: "refused",
    });
    expect(readdirSync(dataDir)).toEqual([]);
    expect(
      await restoreBackup({ file: join(root, "missing.tar.gz"), dataDir, force: false }),
    ).toMatchObject({ outcome: "refused", reason: expect.stringContaining("no backup file") });
  });
});
