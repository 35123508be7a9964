import { sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";

export type IngestStats = {
  /** Events accepted and not yet applied: due, or waiting for a row they name. */
  inboxDepth: number;
  /** When the oldest of those was accepted. */
  oldestPendingAt: Date | null;
  /** Events applied in each minute of the window, oldest minute first, empty minutes included. */
  appliedPerMinute: { minute: Date; events: number }[];
  /** Events given up on, still listed for retry. */
  deadLetters: number;
};

/** The window `appliedPerMinute` covers, the current minute included. */
export const ingestStatsMinutes = 30;

/**
 * How a workspace's ingestion is doing. Every figure is read along an index that leads with the
 * workspace: the inbox and dead letters by their keys, applied events by
 * `(workspace, processed_at)` for the window only. The minutes are the database's, so they
 * agree with `processed_at` whatever the server's clock says.
 */
export async function readIngestStats(
  db: Database,
  { workspaceId }: { workspaceId: string },
): Promise<IngestStats> {
  const [totals] = rowsOf<{ depth: number; oldest_ms: number | null; dead: number }>(
    await db.execute(sql`
      select i.depth, i.oldest_ms, d.dead
      from (
        select count(*)::int as depth,
          (extract(epoch from min(received_at)) * 1000)::float8 as oldest_ms
        from agent.ingest_inbox where workspace_id = ${workspaceId}
      ) i,
      (select count(*)::int as dead from agent.ingest_dead_letters where workspace_id = ${workspaceId}) d`),
  );
  const span = sql.raw(`interval '${ingestStatsMinutes - 1} minutes'`);
  const minutes = rowsOf<{ minute_ms: number; events: number }>(
    await db.execute(sql`
      with applied as (
        select date_trunc('minute', processed_at) as minute, count(*)::int as events
        from agent.ingested_events
        where workspace_id = ${workspaceId}
          and processed_at >= date_trunc('minute', now()) - ${span}
        group by 1
      )
      select (extract(epoch from m) * 1000)::float8 as minute_ms, coalesce(a.events, 0) as events
      from generate_series(date_trunc('minute', now()) - ${span}, date_trunc('minute', now()),
        interval '1 minute') as m
      left join applied a on a.minute = m
      order by m`),
  );
  return {
    inboxDepth: Number(totals?.depth ?? 0),
    oldestPendingAt: totals?.oldest_ms == null ? null : new Date(Number(totals.oldest_ms)),
    appliedPerMinute: minutes.map((row) => ({
      minute: new Date(Number(row.minute_ms)),
      events: Number(row.events),
    })),
    deadLetters: Number(totals?.dead ?? 0),
  };
}
