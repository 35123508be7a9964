import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabaseClient, type DatabaseClient } from "../client";
import { pgliteExtensions } from "../pglite-extensions";
import { uniqueDatabaseName, withDatabaseName } from "./store-template";

export type TestDatabase = DatabaseClient & {
  /** `postgres` or `pglite`, for test names. */
  readonly label: string;
};

/**
 * A database of this test file's own: a clone of the migrated template, on PGlite by default
 * or, when DATABASE_URL is set, a fresh database on that Postgres server.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("stewardTestStore");
  if (template.kind === "pglite") {
    const pglite = await PGlite.create({
      extensions: await pgliteExtensions(),
      loadDataDir: new Blob([readFileSync(template.dumpFile)]),
    });
    const client = await createDatabaseClient({ kind: "pglite-instance", pglite });
    return { ...client, label: "pglite" };
  }
  const database = uniqueDatabaseName("steward_test");
  const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${database}" template "${template.templateDatabase}"`);
  const url = withDatabaseName(template.adminUrl, database);
  const client = await createDatabaseClient({ kind: "postgres", url, maxConnections: 4 });
  return {
    ...client,
    label: "postgres",
    async close() {
      await client.close();
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.end();
    },
  };
}

/** Registers this file's database; read `.current` inside tests. */
export function useTestDatabase() {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get current(): TestDatabase {
      if (!database) throw new Error("useTestDatabase: the database opens in beforeAll");
      return database;
    },
  };
}
