import { sql } from "drizzle-orm";
import type { DatabaseClient } from "../client";
import { rowsOf } from "../rows";
import { type CopyTable, readCopyPlan } from "./copy-plan";
import { checksumQuery, columnList, identifier, tableName, textSettings } from "./copy-sql";
import { copyDeferredColumns, copyTableRows, overwriteWith } from "./copy-table";

export type TableCopyResult = {
  table: string;
  copied: number;
  source: { count: number; checksum: string };
  target: { count: number; checksum: string };
  matches: boolean;
};

export type CopyProgress =
  | { kind: "table"; table: string; total: number; resumed: boolean }
  | { kind: "batch"; table: string; copied: number; total: number };

export type CopyStoreOptions = {
  source: DatabaseClient;
  /** A migrated database that is empty or holds an earlier (interrupted) copy of the source. */
  target: DatabaseClient;
  batchSize?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Stops after this many batches (all tables together), as an interruption would. */
  stopAfterBatches?: number;
};

export type CopyStoreOutcome =
  | { outcome: "copied"; tables: TableCopyResult[] }
  | { outcome: "interrupted"; batches: number }
  | { outcome: "refused"; reason: string };

class CopyInterrupted extends Error {}

/**
 * Copies every table of schema `agent` from one store to another in foreign-key order, then
 * compares row counts and checksums table by table. Rerunning after an interruption resumes
 * each table after the last key the target holds, so nothing is doubled.
 */
export async function copyStore({
  source,
  target,
  batchSize = 1000,
  onProgress = () => {},
  stopAfterBatches,
}: CopyStoreOptions): Promise<CopyStoreOutcome> {
  const plan = await readCopyPlan(source.db);
  const foreign = await findForeignWorkspaces(source, target);
  if (foreign.length > 0) {
    return {
      outcome: "refused",
      reason: `the target holds ${foreign.length} workspace(s) the source does not (${foreign.slice(0, 3).join(", ")}): copy into a new database or into an earlier copy of this store only`,
    };
  }
  let batches = 0;
  const copied = new Map<string, number>();
  try {
    for (const table of plan) {
      const [{ count: total } = { count: 0 }] = rowsOf<{ count: number }>(
        await source.db.execute(sql`select count(*)::int as count from ${tableName(table)}`),
      );
      const onBatch = () => {
        batches += 1;
        if (stopAfterBatches !== undefined && batches >= stopAfterBatches) {
          throw new CopyInterrupted();
        }
      };
      if (!table.columns.includes("workspace_id") && table.name !== "workspaces") {
        onProgress({ kind: "table", table: table.name, total, resumed: false });
        const count = await mirrorReferenceTable(source, target, table);
        copied.set(table.name, count);
        onProgress({ kind: "batch", table: table.name, copied: count, total });
        onBatch();
        continue;
      }
      const result = await copyTableRows({
        source,
        target,
        table,
        batchSize,
        onBatch: (count) => {
          onProgress({ kind: "batch", table: table.name, copied: count, total });
          onBatch();
        },
        onStart: (resumed) => onProgress({ kind: "table", table: table.name, total, resumed }),
      });
      copied.set(table.name, result.copied);
    }
    for (const table of plan) await copyDeferredColumns({ source, target, table, batchSize });
  } catch (error) {
    if (error instanceof CopyInterrupted) return { outcome: "interrupted", batches };
    throw error;
  }
  await setSequences(source, target, plan);
  const tables: TableCopyResult[] = [];
  for (const table of plan) {
    const sourceSum = await readChecksum(source, table);
    const targetSum = await readChecksum(target, table);
    tables.push({
      table: table.name,
      copied: copied.get(table.name) ?? 0,
      source: sourceSum,
      target: targetSum,
      matches: sourceSum.count === targetSum.count && sourceSum.checksum === targetSum.checksum,
    });
  }
  return { outcome: "copied", tables };
}

async function findForeignWorkspaces(source: DatabaseClient, target: DatabaseClient) {
  const ids = (client: DatabaseClient) =>
    client.db
      .execute(sql`select id::text as id from agent.workspaces`)
      .then((result) => new Set(rowsOf<{ id: string }>(result).map((row) => row.id)));
  const [sourceIds, targetIds] = await Promise.all([ids(source), ids(target)]);
  return [...targetIds].filter((id) => !sourceIds.has(id));
}

/**
 * A table outside any workspace (model prices) may hold rows the target's migrations seeded:
 * the target gets exactly the source's rows. Such tables are small, so they go in one statement.
 */
async function mirrorReferenceTable(
  source: DatabaseClient,
  target: DatabaseClient,
  table: CopyTable,
): Promise<number> {
  const [rows] = rowsOf<{ rows: string | null; count: number }>(
    await source.db.execute(
      sql`select coalesce(json_agg(t), '[]')::text as rows, count(*)::int as count from ${tableName(table)} t`,
    ),
  );
  const json = rows?.rows ?? "[]";
  const keys = columnList(table.key);
  const updated = table.columns.filter((column) => !table.key.includes(column));
  const onConflict = overwriteWith(updated);
  await target.transaction(async (tx) => {
    await tx.execute(sql`
      delete from ${tableName(table)} where (${keys}) not in (
        select ${keys} from json_populate_recordset(null::${tableName(table)}, ${json}::json))`);
    await tx.execute(sql`
      insert into ${tableName(table)} (${columnList(table.columns)})
      select ${columnList(table.columns)} from json_populate_recordset(null::${tableName(table)}, ${json}::json)
      on conflict (${keys}) ${onConflict}`);
  });
  return rows?.count ?? 0;
}

/** A sequence behind a copied column continues after the greatest value copied. */
async function setSequences(source: DatabaseClient, target: DatabaseClient, plan: CopyTable[]) {
  const owned = rowsOf<{ table_name: string; column_name: string; sequence: string }>(
    await target.db.execute(sql`
      select c.relname as table_name, a.attname as column_name, s.oid::regclass::text as sequence
      from pg_depend d
      join pg_class s on s.oid = d.objid and s.relkind = 'S'
      join pg_class c on c.oid = d.refobjid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'agent'
      join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid`),
  );
  for (const { table_name, column_name, sequence } of owned) {
    const table = plan.find((entry) => entry.name === table_name);
    if (!table) continue;
    const [row] = rowsOf<{ max: string | null }>(
      await source.db.execute(
        sql`select max(${identifier(column_name)})::text as max from ${tableName(table)}`,
      ),
    );
    if (row?.max) {
      await target.db.execute(sql`select setval(${sequence}::regclass, ${row.max}::bigint)`);
    }
  }
}

async function readChecksum(client: DatabaseClient, table: CopyTable) {
  return client.transaction(async (tx) => {
    for (const setting of textSettings) await tx.execute(setting);
    const [row] = rowsOf<{ count: number; checksum: string }>(
      await tx.execute(checksumQuery(table)),
    );
    return { count: Number(row?.count ?? 0), checksum: row?.checksum ?? "" };
  });
}
