import { sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";
import { ingestInbox } from "../schema";

export type InboxPressure = {
  /** Events accepted and not yet applied, in every workspace. */
  depth: number;
  /** Seconds since the oldest of them was accepted; 0 when the inbox is empty. */
  oldestAgeSeconds: number;
  /** The depth of each workspace that has events waiting. */
  byWorkspace: ReadonlyMap<string, number>;
};

/**
 * How full the inbox is, across workspaces and in each: one pass over a table that admission
 * keeps bounded, so callers that ask often (admission, scrapes) reuse an answer for a moment
 * rather than ask per request.
 */
export async function readInboxPressure(db: Database): Promise<InboxPressure> {
  const rows = rowsOf<{ workspace_id: string; depth: number; oldest: string }>(
    await db.execute(sql`
      select ${ingestInbox.workspaceId} as workspace_id, count(*)::int as depth,
        extract(epoch from now() - min(${ingestInbox.receivedAt}))::float8 as oldest
      from ${ingestInbox} group by 1`),
  );
  const byWorkspace = new Map(rows.map((row) => [row.workspace_id, Number(row.depth)]));
  return {
    depth: [...byWorkspace.values()].reduce((sum, depth) => sum + depth, 0),
    oldestAgeSeconds: Math.max(0, ...rows.map((row) => Number(row.oldest))),
    byWorkspace,
  };
}

export type OperationsCounts = {
  /** Events given up on and still listed, in every workspace. */
  deadLetters: number;
  /**
   * Rows ever written to the applied-event ledger and the dead letters, from the database's own
   * statistics: counters that every worker process moves, read without scanning either table.
   * They lag a commit by up to a second and restart when the statistics are reset.
   */
  ledgerInserts: number;
  deadLetterInserts: number;
  /** The database's connections by state (`active`, `idle`, …), every client's; PGlite has one. */
  connections: { state: string; count: number }[];
};

export async function readOperationsCounts(db: Database): Promise<OperationsCounts> {
  const [counts] = rowsOf<{ dead: number; ledger: string | null; buried: string | null }>(
    await db.execute(sql`
      select (select count(*)::int from agent.ingest_dead_letters) as dead,
        (select n_tup_ins from pg_stat_user_tables
          where schemaname = 'agent' and relname = 'ingested_events') as ledger,
        (select n_tup_ins from pg_stat_user_tables
          where schemaname = 'agent' and relname = 'ingest_dead_letters') as buried`),
  );
  const connections = rowsOf<{ state: string | null; count: number }>(
    await db.execute(sql`
      select coalesce(state, 'unknown') as state, count(*)::int as count
      from pg_stat_activity where datname = current_database()
        and backend_type in ('client backend', 'standalone backend')
      group by 1`),
  );
  return {
    deadLetters: Number(counts?.dead ?? 0),
    ledgerInserts: Number(counts?.ledger ?? 0),
    deadLetterInserts: Number(counts?.buried ?? 0),
    connections: connections.map((row) => ({
      state: row.state ?? "unknown",
      count: Number(row.count),
    })),
  };
}
