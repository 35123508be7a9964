import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { inject } from "vitest";
import { createDatabaseClient, type DatabaseClient } from "../client";
import { pgliteExtensions } from "../pglite-extensions";
import { uniqueDatabaseName, withDatabaseName } from "./store-template";

export type CommandTestStore = {
  /** The environment that points a Steward command at this store. */
  env: Record<string, string>;
  /** Opens it from the test; close before running a command (PGlite allows one process). */
  open(): Promise<DatabaseClient>;
  dispose(): Promise<void>;
};

/**
 * A migrated copy of the template that another process can open: an on-disk PGlite folder, or
 * a fresh database on the test Postgres server. For tests that run the real commands.
 */
export async function createCommandTestStore(): Promise<CommandTestStore> {
  const template = inject("stewardTestStore");
  if (template.kind === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "steward-command-"));
    const seeded = await PGlite.create(dataDir, {
      extensions: await pgliteExtensions(),
      loadDataDir: new Blob([readFileSync(template.dumpFile)]),
    });
    await seeded.close();
    return {
      env: { STEWARD_DATA_DIR: dataDir, DATABASE_URL: "" },
      open: () => createDatabaseClient({ kind: "pglite", dataDir }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = uniqueDatabaseName("steward_command");
  const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${database}" template "${template.templateDatabase}"`);
  const url = withDatabaseName(template.adminUrl, database);
  return {
    env: { DATABASE_URL: url },
    open: () => createDatabaseClient({ kind: "postgres", url, maxConnections: 2 }),
    async dispose() {
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.end();
    },
  };
}
