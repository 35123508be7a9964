import { randomUUID } from "node:crypto";
import { featureRuns, rowsOf } from "@steward/db";
import { createTestWorkspace, useTestDatabase } from "@steward/db/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { analyzeTablesWithoutStatistics } from "./planner-statistics";

describe("statistics for the tables foreign keys look up", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  const hasWorkspaceStatistics = async (table: string) =>
    rowsOf(
      await db().execute(sql`
        select 1 from pg_stats
        where schemaname = 'agent' and tablename = ${table} and attname = 'workspace_id'`),
    ).length > 0;

  it("analyzes a referenced table that filled without them, once", async () => {
    await analyzeTablesWithoutStatistics(db());
    const { id: workspaceId } = await createTestWorkspace(db());
    await db()
      .insert(featureRuns)
      .values(Array.from({ length: 20 }, () => ({ workspaceId, id: randomUUID(), title: "Run" })));
    const before = await hasWorkspaceStatistics("feature_runs");

    const first = await analyzeTablesWithoutStatistics(db());
    const second = await analyzeTablesWithoutStatistics(db());

    if (!before) expect(first.analyzed).toContain("feature_runs");
    expect(await hasWorkspaceStatistics("feature_runs")).toBe(true);
    expect(second.analyzed).toEqual([]);
    // Only tables foreign keys reference: the inbox is reached by key or by row, never planned.
    expect(first.analyzed).not.toContain("ingest_inbox");
  });
});
