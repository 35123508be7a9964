import { rowsOf, type Transaction } from "@steward/db";
import { type Column, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { WaitingEvent } from "../inbox/inbox";
import { col } from "./fields";

/** A table keyed by `(workspace_id, id)`. */
export type TenantTable = PgTable & { workspaceId: Column; id: Column };

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

/**
 * `e.<column> is null or exists (…)`: the row `column` names, if any, exists in `target` in the
 * event's workspace.
 */
function refExists(column: Column, target: TenantTable): SQL {
  const name = col(column);
  const workspace = col(target.workspaceId);
  return sql`(e.${name} is null or exists (select 1 from ${target} r
    where r.${workspace} = e.${workspace} and r.${col(target.id)} = e.${name}))`;
}

/** `refExists` for each column and the table it names, joined by `and`. */
export const refsExist = (refs: [Column, TenantTable][]) =>
  sql.join(
    refs.map(([column, target]) => refExists(column, target)),
    sql` and `,
  );
