import { agentSchema, type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";

/**
 * Gives fresh statistics to the tables of schema `agent` that foreign keys reference: those
 * that have none for their `workspace_id`, when they were never analyzed or have grown since (a
 * table still empty keeps having none and is left alone), and those that have grown to twice the
 * size they had when last analyzed. Answers the tables it analyzed.
 *
 * Every key of Steward leads with `workspace_id`, so without statistics the planner cannot tell
 * a lookup by the whole key from a scan of one workspace along another index, and a plan it
 * caches for a foreign-key check on a small table can pick the latter and keep it while the
 * table grows (one workspace is most installs: that scan reads the whole table). Statistics
 * taken while a table was small do the same to the batch's own statements (measured on the
 * embedded store: an invocation found by its id along the conversation index, a step's number
 * along the primary key, 30-75 µs a lookup at a thousand rows). Autovacuum refreshes them a
 * minute or more after a table grows, and never on the embedded store; doubling keeps the
 * refreshes few (one per doubling) and each one's cost in proportion to what was written.
 */
export async function refreshPlannerStatistics(db: Database) {
  const stale = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select c.relname as table_name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
      where n.nspname = ${agentSchema.schemaName} and c.relkind = 'r'
        and exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.oid)
        and case
          when exists (select 1 from pg_stats s where s.schemaname = ${agentSchema.schemaName}
              and s.tablename = c.relname and s.attname = 'workspace_id')
            then c.relpages > 0
              and pg_relation_size(c.oid) >= 2 * c.relpages::bigint * current_setting('block_size')::bigint
          else c.reltuples < 0
            or pg_relation_size(c.oid) > c.relpages::bigint * current_setting('block_size')::bigint
        end
      order by c.relname`),
  );
  for (const { table_name } of stale) {
    await db.execute(
      sql`analyze ${sql.identifier(agentSchema.schemaName)}.${sql.identifier(table_name)}`,
    );
  }
  return { analyzed: stale.map((row) => row.table_name) };
}
