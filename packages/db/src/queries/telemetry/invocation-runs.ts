import { sql } from "drizzle-orm";
import type { Database } from "../../database";
import { rowsOf } from "../../rows";
import { recordSet } from "./records";

export type InvocationKey = { workspaceId: string; invocationId: string };

/**
 * The runs the named invocations belong to, each pair once: `runId` null for an invocation of
 * no run (a trace's). One statement of key lookups, however many invocations.
 */
export async function findInvocationRuns(db: Database, invocations: readonly InvocationKey[]) {
  if (invocations.length === 0) return [];
  const keys = invocations.map((key) => ({
    workspace_id: key.workspaceId,
    id: key.invocationId,
  }));
  const rows = rowsOf<{ workspace_id: string; run_id: string | null }>(
    await db.execute(sql`
      select distinct i.workspace_id, i.run_id
      from ${recordSet(keys, "workspace_id uuid, id uuid")}
      join agent.agent_invocations i on i.workspace_id = e.workspace_id and i.id = e.id`),
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, runId: row.run_id }));
}
