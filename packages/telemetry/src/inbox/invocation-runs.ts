import { agentInvocations, type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";
import { columnNames, field, recordSet } from "../apply/fields";

const keyFields = [field(agentInvocations.workspaceId), field(agentInvocations.id)] as const;
const c = columnNames(agentInvocations);

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
      select distinct i.${c.workspaceId}, i.${c.runId}
      from ${recordSet(keys, keyFields)}
      join ${agentInvocations} i on i.${c.workspaceId} = e.${c.workspaceId} and i.${c.id} = e.${c.id}`),
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, runId: row.run_id }));
}
