import { type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";
import { sleep } from "./processes";

export async function inboxDepth(database: Database) {
  const rows = rowsOf<{ depth: number }>(
    await database.execute(sql`select count(*)::int as depth from agent.ingest_inbox`),
  );
  return Number(rows[0]?.depth ?? 0);
}

export async function waitForEmptyInbox(database: Database) {
  const deadline = performance.now() + 180_000;
  while ((await inboxDepth(database)) > 0) {
    if (performance.now() > deadline)
      throw new Error("bench/load: the inbox did not drain in 180 s");
    await sleep(200);
  }
}

export async function ledgerCount(database: Database, workspaceId: string) {
  const rows = rowsOf<{ applied: number; dead: number }>(
    await database.execute(sql`
      select
        (select count(*)::int from agent.ingested_events where workspace_id = ${workspaceId}) as applied,
        (select count(*)::int from agent.ingest_dead_letters where workspace_id = ${workspaceId}) as dead`),
  );
  return { applied: Number(rows[0]?.applied ?? 0), dead: Number(rows[0]?.dead ?? 0) };
}

export async function appliedLatencies(
  database: Database,
  workspaceId: string,
  ackedAt: Map<string, number>,
) {
  const rows = rowsOf<{ event_id: string; applied_ms: number }>(
    await database.execute(sql`
      select event_id, (extract(epoch from processed_at) * 1000)::float8 as applied_ms
      from agent.ingested_events where workspace_id = ${workspaceId}`),
  );
  return rows.flatMap((row) => {
    const acked = ackedAt.get(row.event_id);
    return acked === undefined ? [] : [Math.max(0, Number(row.applied_ms) - acked)];
  });
}
