import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DatabaseClient } from "./client";
import { readMigrationJournal } from "./migrations";
import { rowsOf } from "./rows";
import { findProjectRoot } from "./store-target";
import { createCommandTestStore, createTestWorkspace, insertOneRowInEveryTable } from "./testing";

const run = promisify(execFile);

async function pnpm(script: string, env: Record<string, string>) {
  const { stdout } = await run("pnpm", ["--silent", script], {
    cwd: findProjectRoot(),
    env: { ...process.env, ...env },
  });
  return stdout;
}

async function countAll(client: DatabaseClient) {
  const counts: Record<string, number> = {};
  for (const table of await client.tables()) {
    const result = await client.db.execute(
      sql.raw(`select count(*)::int as n from agent."${table}"`),
    );
    counts[table] = rowsOf<{ n: number }>(result)[0]?.n ?? -1;
  }
  return counts;
}

async function withStore<T>(
  open: () => Promise<DatabaseClient>,
  work: (c: DatabaseClient) => Promise<T>,
) {
  const client = await open();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

describe("pnpm db:migrate and pnpm db:rollback", () => {
  it("roll back and re-apply the latest migration of a store holding rows in every table, losing no other row", async () => {
    const store = await createCommandTestStore();
    try {
      const before = await withStore(store.open, async (client) => {
        const workspace = await createTestWorkspace(client.db);
        await insertOneRowInEveryTable(client.db, workspace.id);
        return countAll(client);
      });
      expect(Object.values(before).every((n) => n > 0)).toBe(true);

      const latest = readMigrationJournal().at(-1)?.tag ?? "none";
      expect(await pnpm("db:rollback", store.env)).toContain(`Reverted ${latest}`);
      const afterRollback = await withStore(store.open, countAll);
      const survivors = Object.keys(afterRollback);
      expect(survivors.length).toBeGreaterThan(0);
      for (const table of survivors) expect(afterRollback[table], table).toBe(before[table]);

      expect(await pnpm("db:migrate", store.env)).toContain(`Applied 1 migration(s): ${latest}`);
      const afterMigrate = await withStore(store.open, countAll);
      expect(Object.keys(afterMigrate)).toEqual(Object.keys(before));
      for (const table of survivors) expect(afterMigrate[table], table).toBe(before[table]);
    } finally {
      await store.dispose();
    }
  });
});
