import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "./client";
import { initializePgliteFolder } from "./initialize-pglite-folder";

describe("a new embedded store's files", () => {
  const folders: string[] = [];
  const newFolder = () => {
    const dataDir = mkdtempSync(join(tmpdir(), "steward-initdb-"));
    folders.push(dataDir);
    return dataDir;
  };
  afterAll(() => {
    for (const dataDir of folders) rmSync(dataDir, { recursive: true, force: true });
  });

  it("are created by a child process, once, and open as a store", async () => {
    const dataDir = newFolder();
    expect(await initializePgliteFolder(dataDir, PGlite.defaultStartParams)).toBe(true);
    const created = statSync(join(dataDir, "PG_VERSION")).mtimeMs;
    // A folder that holds a store is left as it is.
    expect(await initializePgliteFolder(dataDir, PGlite.defaultStartParams)).toBe(false);
    expect(statSync(join(dataDir, "PG_VERSION")).mtimeMs).toBe(created);
    const client = await createDatabaseClient({ kind: "pglite", dataDir, migrate: true });
    try {
      expect(await client.tables()).toContain("feature_runs");
    } finally {
      await client.close();
    }
  }, 60_000);
});
