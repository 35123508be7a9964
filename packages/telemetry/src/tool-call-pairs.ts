import type { Transaction } from "@steward/db";
import { applyToolCalls, type ToolCallRow } from "./apply/apply-tool-calls";
import type { ApplyOutcome } from "./apply/records";
import type { RunApplier } from "./apply-isolated";
import { eventKey } from "./inbox/inbox";

type Pair = { row: ToolCallRow; start: ToolCallRow; finish: ToolCallRow };

const callKey = (row: ToolCallRow) => `${row.workspace_id}/${row.id}`;
const keyOf = (row: ToolCallRow) =>
  eventKey({ workspaceId: row.workspace_id, eventId: row.event_id });

/**
 * A call whose start and finish are both in the batch (one of each, naming the same step) is
 * written as one row: exactly what applying the start and then the finish leaves (see
 * applyToolCalls: the start's names, input and start time unless empty, the finish's outcome).
 * One insert instead of an insert and an update of the same row, which in the same transaction
 * checks the row's foreign keys a second time.
 */
function pairToolCalls(starts: ToolCallRow[], finishes: ToolCallRow[]) {
  const count = new Map<string, number>();
  for (const row of [...starts, ...finishes]) {
    count.set(callKey(row), (count.get(callKey(row)) ?? 0) + 1);
  }
  const startOf = new Map(
    starts.filter((row) => count.get(callKey(row)) === 2).map((row) => [callKey(row), row]),
  );
  const pairs: Pair[] = [];
  const paired = new Set<ToolCallRow>();
  for (const finish of finishes) {
    const start = startOf.get(callKey(finish));
    if (
      !start ||
      start.invocation_id !== finish.invocation_id ||
      start.step_id !== finish.step_id
    ) {
      continue;
    }
    const row: ToolCallRow = {
      event_id: finish.event_id,
      workspace_id: finish.workspace_id,
      id: finish.id,
      invocation_id: finish.invocation_id,
      step_id: finish.step_id,
      tool_call_id: start.tool_call_id,
      tool_name: start.tool_name,
      input: start.input ?? finish.input,
      output_type: finish.output_type,
      output: finish.output,
      error: finish.error,
      status: finish.status,
      started_at: start.started_at ?? finish.started_at,
      finished_at: finish.finished_at,
    };
    pairs.push({ row, start, finish });
    paired.add(start).add(finish);
  }
  return {
    pairs,
    starts: starts.filter((row) => !paired.has(row)),
    finishes: finishes.filter((row) => !paired.has(row)),
  };
}

/**
 * Applies the batch's tool call starts, then its finishes, pairing those it can (see
 * pairToolCalls). A pair the database refuses is written again as its two events, so the
 * refusal names the event at fault.
 */
export async function applyToolCallEvents(
  tx: Transaction,
  rows: { toolCallStarts: ToolCallRow[]; toolCallFinishes: ToolCallRow[] },
  run: RunApplier,
): Promise<ApplyOutcome> {
  const { pairs, starts, finishes } = pairToolCalls(rows.toolCallStarts, rows.toolCallFinishes);
  const outcome: ApplyOutcome = { applied: new Set(), refused: [] };
  const pairOf = new Map(pairs.map((pair) => [keyOf(pair.row), pair]));
  const refusedPairs: Pair[] = [];
  const first = await run(tx, applyToolCalls, [...starts, ...pairs.map((pair) => pair.row)]);
  for (const key of first.applied) {
    outcome.applied.add(key);
    const pair = pairOf.get(key);
    if (pair) outcome.applied.add(keyOf(pair.start));
  }
  for (const refusal of first.refused) {
    const pair = pairOf.get(eventKey(refusal));
    if (pair) refusedPairs.push(pair);
    else outcome.refused.push(refusal);
  }
  const rest = [
    refusedPairs.map((pair) => pair.start),
    [...finishes, ...refusedPairs.map((pair) => pair.finish)],
  ];
  for (const batch of rest) {
    const result = await run(tx, applyToolCalls, batch);
    for (const key of result.applied) outcome.applied.add(key);
    outcome.refused.push(...result.refused);
  }
  return outcome;
}
