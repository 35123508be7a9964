import { sql } from "drizzle-orm";
import type { Database } from "../../database";
import { summarizeFault } from "../../fault";
import { rowsOf } from "../../rows";
import { workspaces } from "../../schema";
import {
  deleteAnsweredApprovals,
  deleteExpiredDeadLetters,
  deleteExpiredLedgerEntries,
  type ExpiryBatch,
} from "./expire-events";
import {
  deleteExpiredMetrics,
  deleteExpiredProjectCheckpoints,
  deleteExpiredTreeBatch,
  findExpiredTrees,
} from "./expire-telemetry";

const day = 24 * 60 * 60 * 1000;

export type RetentionOptions = {
  /** How long an applied event id is remembered, so a resent event is recognised: 7 days. */
  ledgerWindowMs: number;
  /** Age after which a dead letter is deleted: 30 days. */
  deadLetterMaxAgeMs: number;
  /** Age after which an answered question (approval, text, choice) is deleted: 30 days. */
  answeredApprovalMaxAgeMs: number;
  /** Rows per delete statement: each is short, so ingestion never waits long behind one. */
  batchSize: number;
  /** Pause between two deletes, leaving the database to ingestion in between. */
  pauseMs: number;
  /** Time between passes of `runRetention`. */
  intervalMs: number;
};

export const defaultRetentionOptions: RetentionOptions = {
  ledgerWindowMs: 7 * day,
  deadLetterMaxAgeMs: 30 * day,
  answeredApprovalMaxAgeMs: 30 * day,
  batchSize: 1000,
  pauseMs: 10,
  intervalMs: 60 * 60 * 1000,
};

/** Rows deleted by one pass, by table. */
export type RetentionReport = Record<string, number>;

type PassOptions = Omit<RetentionOptions, "intervalMs"> & { now?: Date; signal?: AbortSignal };

/**
 * One pass over every workspace: the ledger past its window, old dead letters and answered
 * questions, and telemetry past the workspace's own setting (none by default). Every delete
 * touches at most `batchSize` rows and commits on its own.
 */
export async function applyRetention(db: Database, options: PassOptions): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const report: RetentionReport = {};
  const count = (table: string, deleted: number) => {
    if (deleted > 0) report[table] = (report[table] ?? 0) + deleted;
  };
  const pause = () =>
    options.pauseMs > 0 ? new Promise((done) => setTimeout(done, options.pauseMs)) : undefined;
  const drain = async (
    table: string,
    remove: (db: Database, batch: ExpiryBatch) => Promise<number>,
    batch: ExpiryBatch,
  ) => {
    while (!options.signal?.aborted) {
      const deleted = await remove(db, batch);
      count(table, deleted);
      if (deleted < batch.limit) return;
      await pause();
    }
  };
  const settings = rowsOf<{ id: string; days: number | null }>(
    await db.execute(
      sql`select id, telemetry_retention_days as days from ${workspaces} order by id`,
    ),
  );
  const limit = options.batchSize;
  for (const { id: workspaceId, days } of settings) {
    if (options.signal?.aborted) break;
    const before = (ms: number) => new Date(now.getTime() - ms);
    await drain("ingested_events", deleteExpiredLedgerEntries, {
      workspaceId,
      before: before(options.ledgerWindowMs),
      limit,
    });
    await drain("ingest_dead_letters", deleteExpiredDeadLetters, {
      workspaceId,
      before: before(options.deadLetterMaxAgeMs),
      limit,
    });
    await drain("cta_events", deleteAnsweredApprovals, {
      workspaceId,
      before: before(options.answeredApprovalMaxAgeMs),
      limit,
    });
    if (days === null) continue;
    const cutoff = before(Number(days) * day);
    await drain("metrics", deleteExpiredMetrics, { workspaceId, before: cutoff, limit });
    await drain("checkpoints", deleteExpiredProjectCheckpoints, {
      workspaceId,
      before: cutoff,
      limit,
    });
    while (!options.signal?.aborted) {
      const trees = await findExpiredTrees(db, { workspaceId, before: cutoff, limit: 100 });
      if (trees.length === 0) break;
      while (!options.signal?.aborted) {
        const { table, deleted } = await deleteExpiredTreeBatch(db, { workspaceId, trees, limit });
        if (!table) break;
        count(table, deleted);
        await pause();
      }
    }
  }
  return report;
}

/**
 * Applies retention every `intervalMs` until `signal` aborts; a failed pass is reported and
 * the next one tries again.
 */
export async function runRetention(
  db: Database,
  options: RetentionOptions & {
    onPass?: (report: RetentionReport, ms: number) => void;
    onError?: (error: unknown) => void;
  },
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    const started = Date.now();
    try {
      const report = await applyRetention(db, { ...options, signal });
      options.onPass?.(report, Date.now() - started);
    } catch (error) {
      options.onError?.(error);
    }
    await new Promise<void>((done) => {
      const timer = setTimeout(done, options.intervalMs);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          done();
        },
        { once: true },
      );
    });
  }
}

type RetentionLogger = {
  info: (fields: object, message: string) => void;
  error: (fields: object, message: string) => void;
};

/** Logs a pass that deleted something, and a failed pass as a bounded summary. */
export function logRetention(logger: RetentionLogger) {
  return {
    onPass: (report: RetentionReport, ms: number) => {
      if (Object.keys(report).length > 0) logger.info({ deleted: report, ms }, "retention pass");
    },
    onError: (error: unknown) =>
      logger.error({ err: summarizeFault(error) }, "retention pass failed; retrying next pass"),
  };
}
