import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DatabaseClient } from "./client";
import { pgErrorCodes } from "./database-error";
import {
  listAppliedMigrations,
  migrateDatabase,
  readMigrationJournal,
  readMigrationSql,
  rollbackLatestMigration,
  splitStatements,
} from "./migrations";
import { rowsOf } from "./rows";
import * as schema from "./schema";
import {
  createTestWorkspace,
  expectDatabaseError,
  insertOneRowInEveryTable,
  useTestDatabase,
} from "./testing";

async function countRows(client: DatabaseClient, tables: string[]) {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = rowsOf<{ n: number }>(
      await client.db.execute(sql.raw(`select count(*)::int as n from agent."${table}"`)),
    );
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

function tablesCreatedBy(upSql: string): string[] {
  return [...upSql.matchAll(/CREATE TABLE "agent"\."([a-z_]+)"/g)].map((match) => match[1] ?? "");
}

describe("migrations", () => {
  const database = useTestDatabase();

  it("rollback one migration at a time, then migrate, keeps every row of the tables the reverted migrations did not create", async () => {
    const client = database.current;
    const workspace = await createTestWorkspace(client.db);
    await insertOneRowInEveryTable(client.db, workspace.id);
    const allTables = await client.tables();
    const before = await countRows(client, allTables);
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);

    // Everything after the first migration, newest first: column changes and new tables both.
    const reverted = readMigrationJournal().slice(1).reverse();
    const dropped: string[] = [];
    for (const entry of reverted) {
      expect(await rollbackLatestMigration(client)).toMatchObject({ reverted: entry.tag });
      dropped.push(...tablesCreatedBy(readMigrationSql(entry.tag, "up")));
      const survivors = allTables.filter((table) => !dropped.includes(table));
      expect(await client.tables()).toEqual(survivors);
      expect(await countRows(client, survivors)).toEqual(
        Object.fromEntries(survivors.map((table) => [table, before[table]])),
      );
    }
    expect(dropped.length).toBeGreaterThan(0);

    const { applied } = await migrateDatabase(client);
    expect(applied).toEqual([...reverted].reverse().map((entry) => entry.tag));
    expect(await client.tables()).toEqual(allTables);
    const afterMigrate = await countRows(client, allTables);
    // The price table comes back with the prices its migration seeds, as it had before.
    const seeded = ["model_prices"];
    for (const table of allTables) {
      const emptied = dropped.includes(table) && !seeded.includes(table);
      expect(afterMigrate[table], table).toBe(emptied ? 0 : before[table]);
    }
  });

  it("every down script reverts its migration, down to an empty schema and back up", async () => {
    const client = database.current;
    const journal = readMigrationJournal();
    for (const entry of [...journal].reverse()) {
      expect((await rollbackLatestMigration(client)).reverted).toBe(entry.tag);
    }
    expect(await listAppliedMigrations(client)).toEqual([]);
    expect(await client.tables()).toEqual([]);
    const types = rowsOf<{ typname: string }>(
      await client.db.execute(sql`
        select t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'agent' and t.typtype = 'e'`),
    );
    expect(types).toEqual([]);
    expect(await rollbackLatestMigration(client)).toEqual({ reverted: null, current: null });

    const { applied } = await migrateDatabase(client);
    expect(applied).toEqual(journal.map((entry) => entry.tag));
    const created = journal.flatMap((entry) => tablesCreatedBy(readMigrationSql(entry.tag, "up")));
    expect(await client.tables()).toEqual([...created].sort());
  });

  it("adds a not-null column with a default to a table that has rows (seed 000)", async () => {
    const client = database.current;
    const workspace = await createTestWorkspace(client.db);
    await insertOneRowInEveryTable(client.db, workspace.id);
    await insertOneRowInEveryTable(client.db, workspace.id);

    // drizzle-kit generates the step from a schema without seed 000's columns to today's.
    const current = generateDrizzleJson(schema);
    const previous = structuredClone(current);
    const agentsTable = previous.tables["agent.agents"];
    if (!agentsTable) throw new Error("agents missing from the snapshot");
    delete agentsTable.columns.capability;
    delete agentsTable.columns.model;
    delete agentsTable.checkConstraints.agents_capability_check;
    const statements = await generateMigration(previous, current);
    expect(statements).toContain(
      `ALTER TABLE "agent"."agents" ADD COLUMN "capability" text DEFAULT 'none' NOT NULL;`,
    );

    // Bring the populated table back to that earlier shape, then apply the generated step.
    await client.db.execute(sql`
      alter table agent.agents drop constraint agents_capability_check,
        drop column capability, drop column model`);
    await client.transaction(async (tx) => {
      for (const statement of statements.flatMap(splitStatements)) {
        await tx.execute(sql.raw(statement));
      }
    });

    const agents = rowsOf<{ capability: string; model: string | null }>(
      await client.db.execute(sql`
        select capability, model from agent.agents where workspace_id = ${workspace.id}`),
    );
    expect(agents).toEqual([
      { capability: "none", model: null },
      { capability: "none", model: null },
    ]);
    await expectDatabaseError(
      client.db.execute(sql`update agent.agents set capability = 'browse'`),
      pgErrorCodes.checkViolation,
      "agents_capability_check",
    );
  });
});
