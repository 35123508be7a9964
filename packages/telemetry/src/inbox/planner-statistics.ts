import { agentSchema, type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";

/**
 * Gives statistics to the tables of schema `agent` that foreign keys reference and that have
 * none for their `workspace_id`, when they were never analyzed or have grown since (a table
 * still empty keeps having none and is left alone); answers the tables it analyzed.
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
      where n.nspname = ${agentSchema.schemaName} and c.relkind = 'r'
        and exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.oid)
        and not exists (select 1 from pg_stats s
          where s.schemaname = ${agentSchema.schemaName} and s.tablename = c.relname and s.attname = 'workspace_id')
        and (c.reltuples < 0 or pg_relation_size(c.oid) > c.relpages::bigint * current_setting('block_size')::bigint)
      order by c.relname`),
  );
  for (const { table_name } of missing) {
    await db.execute(
      sql`analyze ${sql.identifier(agentSchema.schemaName)}.${sql.identifier(table_name)}`,
    );
  }
  return { analyzed: missing.map((row) => row.table_name) };
}
