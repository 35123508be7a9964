import { type SQL, sql } from "drizzle-orm";
import type { DatabaseClient } from "../client";
import { rowsOf } from "../rows";
import type { CopyTable } from "./copy-plan";
import { columnList, identifier, tableName } from "./copy-sql";

export type CopyBatchOptions = {
  source: DatabaseClient;
  target: DatabaseClient;
  table: CopyTable;
  batchSize: number;
  /** Called after each batch is written, with the rows written so far in this pass. */
  onBatch: (copied: number) => void | Promise<void>;
  /** Called once, before the first batch: whether the target already held rows of the table. */
  onStart?: (resumed: boolean) => void;
};

type BatchRow = { rows: string | null; count: number; last: string | null };

/** How a table's key orders and names its rows: the order, its reverse, and a JSON of one key. */
function keyShape(table: CopyTable) {
  return {
    keyOrder: columnList(table.key),
    descending: sql.join(
      table.key.map((column) => sql`${identifier(column)} desc`),
      sql`, `,
    ),
    keyObject: sql.join(
      table.key.map((column) => sql`${column}::text, ${identifier(column)}`),
      sql`, `,
    ),
  };
}

/**
 * The next `batchSize` source rows in key order after the key `last` (from the start when
 * null), as JSON with their count and the key of the last; `where` narrows the rows read.
 */
async function readBatch(
  source: DatabaseClient,
  table: CopyTable,
  options: { columns: string[]; where?: SQL; last: string | null; batchSize: number },
): Promise<BatchRow | undefined> {
  const { keyOrder, descending, keyObject } = keyShape(table);
  const { columns, where = sql`true`, last, batchSize } = options;
  const [batch] = rowsOf<BatchRow>(
    await source.db.execute(sql`
      with after as (
        select ${keyOrder} from json_populate_record(null::${tableName(table)}, ${last}::json)
      ), batch as (
        select ${columnList(columns)} from ${tableName(table)}
        where (${where}) and (${last}::text is null or (${keyOrder}) > (select ${keyOrder} from after))
        order by ${keyOrder} limit ${batchSize}
      )
      select (select json_agg(batch order by ${keyOrder})::text from batch) as rows,
        (select count(*)::int from batch) as count,
        (select json_build_object(${keyObject})::text from batch order by ${descending} limit 1) as last`),
  );
  return batch;
}

/** `on conflict` action that overwrites `updated` with the incoming row's values. */
export function overwriteWith(updated: readonly string[]) {
  return updated.length === 0
    ? sql`do nothing`
    : sql`do update set ${sql.join(
        updated.map((column) => sql`${identifier(column)} = excluded.${identifier(column)}`),
        sql`, `,
      )}`;
}

/**
 * Copies the rows the target lacks, in key order from just past the target's greatest key,
 * one statement per batch: an interruption leaves whole batches behind and a rerun resumes
 * after them. A row already there is overwritten with the source's, never doubled.
 */
export async function copyTableRows({
  source,
  target,
  table,
  batchSize,
  onBatch,
  onStart,
}: CopyBatchOptions): Promise<{ copied: number; resumedAfter: boolean }> {
  const { keyOrder, descending, keyObject } = keyShape(table);
  const [resume] = rowsOf<{ last: string | null }>(
    await target.db.execute(
      sql`select json_build_object(${keyObject})::text as last from ${tableName(table)} order by ${descending} limit 1`,
    ),
  );
  let last = resume?.last ?? null;
  const resumedAfter = last !== null;
  onStart?.(resumedAfter);
  let copied = 0;
  const written = table.columns.filter((column) => !table.deferred.includes(column));
  const updated = written.filter((column) => !table.key.includes(column));
  const onConflict = overwriteWith(updated);
  while (true) {
    const batch = await readBatch(source, table, { columns: table.columns, last, batchSize });
    if (!batch?.rows || batch.count === 0) break;
    await target.db.execute(sql`
      insert into ${tableName(table)} (${columnList(written)})
      select ${columnList(written)} from json_populate_recordset(null::${tableName(table)}, ${batch.rows}::json)
      on conflict (${keyOrder}) ${onConflict}`);
    copied += batch.count;
    last = batch.last;
    await onBatch(copied);
    if (batch.count < batchSize) break;
  }
  return { copied, resumedAfter };
}

/** Sets the columns held back in the first pass (parent rows), batch by batch in key order. */
export async function copyDeferredColumns({
  source,
  target,
  table,
  batchSize,
}: Omit<CopyBatchOptions, "onBatch" | "onStart">): Promise<number> {
  if (table.deferred.length === 0) return 0;
  const anySet = sql.join(
    table.deferred.map((column) => sql`${identifier(column)} is not null`),
    sql` or `,
  );
  const keyMatch = sql.join(
    table.key.map((column) => sql`t.${identifier(column)} = s.${identifier(column)}`),
    sql` and `,
  );
  const differs = sql.join(
    table.deferred.map(
      (column) => sql`t.${identifier(column)} is distinct from s.${identifier(column)}`,
    ),
    sql` or `,
  );
  const assignments = sql.join(
    table.deferred.map((column) => sql`${identifier(column)} = s.${identifier(column)}`),
    sql`, `,
  );
  let last: string | null = null;
  let updated = 0;
  while (true) {
    const batch = await readBatch(source, table, {
      columns: [...table.key, ...table.deferred],
      where: anySet,
      last,
      batchSize,
    });
    if (!batch?.rows || batch.count === 0) break;
    await target.db.execute(sql`
      update ${tableName(table)} t set ${assignments}
      from json_populate_recordset(null::${tableName(table)}, ${batch.rows}::json) s
      where ${keyMatch} and (${differs})`);
    updated += batch.count;
    last = batch.last;
    if (batch.count < batchSize) break;
  }
  return updated;
}
