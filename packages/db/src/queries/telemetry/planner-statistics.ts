import { sql } from "drizzle-orm";
import type { Database } from "../../database";
import { rowsOf } from "../../rows";

/**
 * Gives statistics to every table of schema `agent` that has pages but no statistics for its
 * `workspace_id` (one still empty keeps having none, and costs nothing to analyze again);
 * answers the tables it analyzed.
 *
 * Every key of Steward leads with `workspace_id`, so without statistics the planner cannot tell
 * a lookup by the whole key from a scan of one workspace along another index, and a plan it
 * caches for a foreign-key check on a small table can pick the latter and keep it while the
 * table grows (one workspace is most installs: that scan reads the whole table). Autovacuum
 * analyzes a table a minute or more after it fills, and never on the embedded store. With
 * statistics, even of a few rows, the whole key wins, and stays the choice as the table grows.
 */
export async function analyzeTablesWithoutStatistics(db: Database) {
  const missing = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select c.relname as table_name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
      where n.nspname = 'agent' and c.relkind = 'r' and pg_relation_size(c.oid) > 0
        and not exists (select 1 from pg_stats s
          where s.schemaname = 'agent' and s.tablename = c.relname and s.attname = 'workspace_id')
      order by c.relname`),
  );
  for (const { table_name } of missing) {
    await db.execute(sql`analyze ${sql.identifier("agent")}.${sql.identifier(table_name)}`);
  }
  return { analyzed: missing.map((row) => row.table_name) };
}
