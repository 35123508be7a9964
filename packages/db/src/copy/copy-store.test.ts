import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabaseClient, type DatabaseClient } from "../client";
import { rowsOf } from "../rows";
import { agentInvocations } from "../schema";
import { createTestWorkspace, insertOneRowInEveryTable, useTestDatabase } from "../testing";
import { uniqueDatabaseName, withDatabaseName } from "../testing/store-template";
import { type CopyStoreOutcome, copyStore } from "./copy-store";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const store = useTestDatabase();
const targets: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const drop of targets.splice(0)) await drop();
});

/** A fresh, migrated Postgres database for one test, dropped after it. */
async function createTarget(): Promise<DatabaseClient> {
  const name = uniqueDatabaseName("steward_copy_test");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const client = await createDatabaseClient({
    kind: "postgres",
    url: withDatabaseName(adminUrl, name),
    migrate: true,
    maxConnections: 2,
  });
  targets.push(async () => {
    await client.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  return client;
}

/** Every table filled, 2,500 ledger rows to span batches, and children sorting before parents. */
async function seedSource() {
  const { db } = store.current;
  const workspace = await createTestWorkspace(db, "Copied");
  await insertOneRowInEveryTable(db, workspace.id);
  await db.execute(sql`
    insert into agent.ingested_events (workspace_id, event_id, processed_at)
    select ${workspace.id}::uuid, gen_random_uuid(), now() - (i || ' seconds')::interval
    from generate_series(1, 2500) i`);
  const parent = `ffffffff-${randomUUID().slice(9)}`;
  const child = `00000000-${randomUUID().slice(9)}`;
  await db.insert(agentInvocations).values({ workspaceId: workspace.id, id: parent });
  await db
    .insert(agentInvocations)
    .values({ workspaceId: workspace.id, id: child, parentInvocationId: parent });
  return workspace;
}

function copied(outcome: CopyStoreOutcome) {
  if (outcome.outcome !== "copied")
    throw new Error(`expected a finished copy, got ${outcome.outcome}`);
  return outcome.tables;
}

describe("copyStore", () => {
  it("copies every table with equal counts and checksums, in foreign-key order", async () => {
    await seedSource();
    const target = await createTarget();
    const tables = copied(await copyStore({ source: store.current, target, batchSize: 500 }));
    const mismatched = tables.filter((table) => !table.matches);
    expect(mismatched).toEqual([]);
    const ledger = tables.find((table) => table.table === "ingested_events");
    expect(ledger?.target.count).toBeGreaterThanOrEqual(2500);
    expect(tables.map((table) => table.table).indexOf("workspaces")).toBeLessThan(
      tables.map((table) => table.table).indexOf("agent_invocations"),
    );
  });

  it("resumes an interrupted copy without doubling a row", async () => {
    await seedSource();
    const target = await createTarget();
    const first = await copyStore({
      source: store.current,
      target,
      batchSize: 200,
      stopAfterBatches: 30,
    });
    expect(first.outcome).toBe("interrupted");
    const [partial] = rowsOf<{ count: number }>(
      await target.db.execute(sql`select count(*)::int as count from agent.ingested_events`),
    );
    expect(partial?.count).toBeGreaterThan(0);
    const progress: string[] = [];
    const tables = copied(
      await copyStore({
        source: store.current,
        target,
        batchSize: 200,
        onProgress: (event) => {
          if (event.kind === "table" && event.resumed) progress.push(event.table);
        },
      }),
    );
    expect(progress).toContain("ingested_events");
    expect(tables.filter((table) => !table.matches)).toEqual([]);
    // Run again over a finished copy: still equal, nothing added.
    const again = copied(await copyStore({ source: store.current, target, batchSize: 200 }));
    expect(again.map((table) => table.target.count)).toEqual(
      tables.map((table) => table.target.count),
    );
    expect(again.filter((table) => !table.matches)).toEqual([]);
  });

  it("refuses a target holding a workspace the source does not", async () => {
    const target = await createTarget();
    await createTestWorkspace(target.db, "Someone else's");
    const outcome = await copyStore({ source: store.current, target });
    expect(outcome).toMatchObject({ outcome: "refused" });
  });
});
