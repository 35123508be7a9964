import { type SQL, sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { rowsOf } from "../../rows";
import type { WaitingEvent } from "./inbox";

/**
 * Rows travel to Postgres as one JSON parameter and come back as a record set, so each
 * applier is one statement however many events it carries.
 */
export function recordSet(rows: readonly object[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(${sql.raw(columns)})`;
}

/** What an applier did with its events, by `workspace/event` key (see `eventKey`). */
export type ApplyOutcome = {
  applied: Set<string>;
  /** Events that can never apply, with why: they become dead letters at once. */
  refused: WaitingEvent[];
};

/**
 * Runs a statement that answers `workspace_id, event_id` for each event it took, with
 * `refusal` null when the event applied (or changed nothing, being a replay) and the reason
 * otherwise. Keys are `workspace/event`: event ids are chosen by clients, so only the pair is
 * unique. Events the statement does not answer for are waiting for a row they name.
 */
export async function executeApply(tx: Transaction, statement: SQL): Promise<ApplyOutcome> {
  const rows = rowsOf<{ workspace_id: string; event_id: string; refusal?: string | null }>(
    await tx.execute(statement),
  );
  const outcome: ApplyOutcome = { applied: new Set(), refused: [] };
  for (const row of rows) {
    if (row.refusal) {
      outcome.refused.push({
        workspaceId: row.workspace_id,
        eventId: row.event_id,
        reason: row.refusal,
      });
    } else outcome.applied.add(`${row.workspace_id}/${row.event_id}`);
  }
  return outcome;
}

/** The outcome of an applier given no rows. */
export const nothingApplied = (): Promise<ApplyOutcome> =>
  Promise.resolve({ applied: new Set(), refused: [] });

/** `e.<column> is null or exists (… the referenced row in the same workspace …)` */
export function refExists(column: string, table: string): string {
  return `(e.${column} is null or exists (select 1 from agent.${table} r where r.workspace_id = e.workspace_id and r.id = e.${column}))`;
}
