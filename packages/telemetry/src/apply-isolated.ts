import type { Transaction } from "@steward/db";
import type { ApplyOutcome } from "./apply/records";
import { classifyFailure, refusalReason } from "./failure-kind";

type EventRow = { workspace_id: string; event_id: string };

export type Applier<Row extends EventRow> = (tx: Transaction, rows: Row[]) => Promise<ApplyOutcome>;

/** How a batch runs an applier: as it is, or isolating a refused event (applyIsolated). */
export type RunApplier = <Row extends EventRow>(
  tx: Transaction,
  applier: Applier<Row>,
  rows: Row[],
) => Promise<ApplyOutcome>;

/**
 * Runs one set-based applier inside a savepoint, so a statement the database refuses costs
 * only that savepoint, not the batch. When the refusal is one an event can cause (see
 * classifyFailure), the rows are split in halves, each retried in a savepoint of its own, down
 * to the row the database still refuses: that event is refused with the database's reason and
 * every other row applies in the same transaction. One bad row among n costs about 2·log2(n)
 * extra statements. A failure that says the database is unavailable fails the batch as before.
 */
export async function applyIsolated<Row extends EventRow>(
  tx: Transaction,
  apply: Applier<Row>,
  rows: Row[],
): Promise<ApplyOutcome> {
  if (rows.length === 0) return { applied: new Set(), refused: [] };
  try {
    return await tx.transaction((savepoint) => apply(savepoint, rows));
  } catch (error) {
    if (classifyFailure(error) === "retry") throw error;
    const [only] = rows;
    if (rows.length === 1 && only) {
      const reason = refusalReason(error);
      return {
        applied: new Set(),
        refused: [{ workspaceId: only.workspace_id, eventId: only.event_id, reason }],
      };
    }
    const middle = Math.ceil(rows.length / 2);
    const first = await applyIsolated(tx, apply, rows.slice(0, middle));
    const second = await applyIsolated(tx, apply, rows.slice(middle));
    return {
      applied: new Set([...first.applied, ...second.applied]),
      refused: [...first.refused, ...second.refused],
    };
  }
}
