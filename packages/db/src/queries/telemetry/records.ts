import { type SQL, sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { rowsOf } from "../../rows";

/**
 * Rows travel to Postgres as one JSON parameter and come back as a record set, so each
 * applier is one statement however many events it carries.
 */
export function recordSet(rows: readonly object[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(${sql.raw(columns)})`;
}

/**
 * Runs a statement that answers `workspace_id, event_id` for each event it applied, as keys of
 * `workspace/event`: event ids are chosen by clients, so only the pair is unique.
 */
export async function appliedEventIds(tx: Transaction, statement: SQL): Promise<Set<string>> {
  const rows = rowsOf<{ workspace_id: string; event_id: string }>(await tx.execute(statement));
  return new Set(rows.map((row) => `${row.workspace_id}/${row.event_id}`));
}

/** `e.<column> is null or exists (… the referenced row in the same workspace …)` */
export function refExists(column: string, table: string): string {
  return `(e.${column} is null or exists (select 1 from agent.${table} r where r.workspace_id = e.workspace_id and r.id = e.${column}))`;
}
