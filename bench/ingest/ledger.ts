import { type Database, rowsOf } from "@steward/db";
import { sql } from "drizzle-orm";

/** What the bench reads back: the worker's ledger, which holds an event once it is applied. */
export type LedgerProbe = {
  count(): Promise<number>;
  /** Whether the inbox is empty: every event acknowledged so far is applied (or dead). */
  inboxEmpty(): Promise<boolean>;
  /** When each applied event was settled (processed_at, moments before its commit), in ms. */
  processedAt(): Promise<Map<string, number>>;
  /** Whether a new transaction sees the event applied. */
  isApplied(eventId: string): Promise<boolean>;
};

export type LedgerQuery =
  | { kind: "count" }
  | { kind: "inboxEmpty" }
  | { kind: "processed" }
  | { kind: "applied"; eventId: string };

/** Answers a ledger query on `db`; the embedded server runs it for the bench over IPC. */
export async function queryLedger(db: Database, query: LedgerQuery) {
  switch (query.kind) {
    case "count": {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from agent.ingested_events`),
      );
      return row?.n ?? 0;
    }
    case "inboxEmpty":
      return rowsOf(await db.execute(sql`select 1 from agent.ingest_inbox limit 1`)).length === 0;
    case "processed":
      return rowsOf<{ event_id: string; at: number }>(
        await db.execute(sql`
          select event_id, extract(epoch from processed_at)::float8 * 1000 as at
          from agent.ingested_events`),
      ).map((row) => [row.event_id, Number(row.at)] as const);
    case "applied":
      return (
        rowsOf(
          await db.execute(
            sql`select 1 from agent.ingested_events where event_id = ${query.eventId}`,
          ),
        ).length > 0
      );
  }
}

/** A probe that runs each query with `run` (directly on Postgres, over IPC on PGlite). */
export function ledgerProbe(run: (query: LedgerQuery) => Promise<unknown>): LedgerProbe {
  return {
    count: async () => (await run({ kind: "count" })) as number,
    inboxEmpty: async () => (await run({ kind: "inboxEmpty" })) as boolean,
    processedAt: async () => new Map((await run({ kind: "processed" })) as [string, number][]),
    isApplied: async (eventId) => (await run({ kind: "applied", eventId })) as boolean,
  };
}
