import { type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";
import type { Case } from "./cases";

/**
 * The plan of each case's statement as it ran (EXPLAIN ANALYZE, without costs or timings), one
 * line per node, for the report.
 */
export async function printPlans(db: Database, cases: Case[]) {
  console.log("\nplans at the largest size (EXPLAIN ANALYZE, costs and timings off):");
  for (const item of cases) {
    if (!item.query || item.name.endsWith("(deep page)")) continue;
    const rows = rowsOf<{ "QUERY PLAN": string }>(
      await db.execute(sql`explain (analyze, costs off, timing off, summary off) ${item.query()}`),
    );
    console.log(`\n  ${item.name}`);
    for (const row of rows) console.log(`    ${row["QUERY PLAN"]}`);
  }
}
