import { randomUUID } from "node:crypto";
import { featureRuns, rowsOf } from "@steward/db";
import { createTestWorkspace, useTestDatabase } from "@steward/db/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { refreshPlannerStatistics } from "./planner-statistics";

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
    await refreshPlannerStatistics(db());
    const { id: workspaceId } = await createTestWorkspace(db());
    await db()
      .insert(featureRuns)
      .values(Array.from({ length: 20 }, () => ({ workspaceId, id: randomUUID(), title: "Run" })));
    const before = await hasWorkspaceStatistics("feature_runs");

    const first = await refreshPlannerStatistics(db());
    const second = await refreshPlannerStatistics(db());

    if (!before) expect(first.analyzed).toContain("feature_runs");
    expect(await hasWorkspaceStatistics("feature_runs")).toBe(true);
    expect(second.analyzed).toEqual([]);
    // Only tables foreign keys reference: the inbox is reached by key or by row, never planned.
    expect(first.analyzed).not.toContain("ingest_inbox");
  });

  it("analyzes such a table again once it has doubled since, and not before", async () => {
    const { id: workspaceId } = await createTestWorkspace(db());
    const addRuns = (count: number) =>
      db()
        .insert(featureRuns)
        .values(
          Array.from({ length: count }, () => ({ workspaceId, id: randomUUID(), title: "Run" })),
        );
    await addRuns(200);
    await db().execute(sql`analyze agent.feature_runs`);
    const pages = async () =>
      rowsOf<{ pages: number }>(
        await db().execute(sql`
          select (pg_relation_size('agent.feature_runs') / current_setting('block_size')::int)::int as pages`),
      )[0]?.pages ?? 0;
    const analyzedAt = await pages();

    await addRuns(20);
    expect((await refreshPlannerStatistics(db())).analyzed).not.toContain("feature_runs");

    while ((await pages()) < 2 * analyzedAt) await addRuns(200);
    expect((await refreshPlannerStatistics(db())).analyzed).toContain("feature_runs");
    expect((await refreshPlannerStatistics(db())).analyzed).not.toContain("feature_runs");
  });
});
