import { type ChangeNotice, changeNoticeOf, type Transaction } from "@steward/db";
import type { EventRows } from "./event-rows";
import { eventKey } from "./inbox/inbox";
import { findInvocationRuns, type InvocationKey } from "./inbox/invocation-runs";

type Row = { workspace_id: string; event_id: string };

type Changed = { runs: Set<string>; traces: boolean; approvals: boolean };

/**
 * What a batch changed, for listeners (sent as it settles, so the notices leave only if it
 * commits): one notice per workspace that had events claimed (its inbox changed), naming the
 * runs whose invocations, steps, tool calls, memory or questions were applied, `traces` when an
 * invocation of no run was, and `approvals` when a question was asked.
 */
export async function describeBatchChanges(
  tx: Transaction,
  {
    claimedWorkspaces,
    rows,
    applied,
  }: { claimedWorkspaces: Iterable<string>; rows: EventRows; applied: ReadonlySet<string> },
) {
  const changes = new Map<string, Changed>();
  const changedIn = (workspaceId: string) => {
    let changed = changes.get(workspaceId);
    if (!changed) {
      changed = { runs: new Set(), traces: false, approvals: false };
      changes.set(workspaceId, changed);
    }
    return changed;
  };
  const inRun = (workspaceId: string, runId: string | null) => {
    if (runId) changedIn(workspaceId).runs.add(runId);
    else changedIn(workspaceId).traces = true;
  };
  const wasApplied = (row: Row) =>
    applied.has(eventKey({ workspaceId: row.workspace_id, eventId: row.event_id }));

  for (const workspaceId of claimedWorkspaces) changedIn(workspaceId);
  const started = rows.invocationsStarted.filter(wasApplied);
  for (const row of started) inRun(row.workspace_id, row.run_id);

  // Children name their invocation only: its run is looked up, unless it started in this batch.
  const known = new Set(started.map((row) => `${row.workspace_id}/${row.id}`));
  const lookups = new Map<string, InvocationKey>();
  const children = [
    ...rows.invocationsFinished,
    ...rows.steps,
    ...rows.toolCallStarts,
    ...rows.toolCallFinishes,
  ];
  for (const row of children) {
    const key = `${row.workspace_id}/${row.invocation_id}`;
    if (!wasApplied(row) || known.has(key)) continue;
    lookups.set(key, { workspaceId: row.workspace_id, invocationId: row.invocation_id });
  }
  for (const { workspaceId, runId } of await findInvocationRuns(tx, [...lookups.values()])) {
    inRun(workspaceId, runId);
  }

  for (const row of rows.memory.filter(wasApplied))
    changedIn(row.workspace_id).runs.add(row.run_id);
  for (const row of rows.cta.filter(wasApplied)) {
    changedIn(row.workspace_id).approvals = true;
    if (row.run_id) changedIn(row.workspace_id).runs.add(row.run_id);
  }

  return [...changes].map(
    ([workspaceId, changed]): ChangeNotice =>
      changeNoticeOf(workspaceId, { ...changed, runs: [...changed.runs], ingest: true }),
  );
}
