import { sql } from "drizzle-orm";
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
  const keyOrder = columnList(table.key);
  const descending = sql.join(
    table.key.map((column) => sql`${identifier(column)} desc`),
    sql`, `,
  );
  const keyObject = sql.join(
    table.key.map((column) => sql`${column}::text, ${identifier(column)}`),
    sql`, `,
  );
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
  const onConflict =
    updated.length === 0
      ? sql`do nothing`
      : sql`do update set ${sql.join(
          updated.map((column) => sql`${identifier(column)} = excluded.${identifier(column)}`),
          sql`, `,
        )}`;
  while (true) {
    const [batch] = rowsOf<BatchRow>(
      await source.db.execute(sql`
        with after as (
          select ${keyOrder} from json_populate_record(null::${tableName(table)}, ${last}::json)
        ), batch as (
          select ${columnList(table.columns)} from ${tableName(table)}
          where ${last}::text is null or (${keyOrder}) > (select ${keyOrder} from after)
          order by ${keyOrder} limit ${batchSize}
        )
        select (select json_agg(batch order by ${keyOrder})::text from batch) as rows,
          (select count(*)::int from batch) as count,
          (select json_build_object(${keyObject})::text from batch order by ${descending} limit 1) as last`),
    );
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
  const keyOrder = columnList(table.key);
  const keyObject = sql.join(
    table.key.map((column) => sql`${column}::text, ${identifier(column)}`),
    sql`, `,
  );
  const descending = sql.join(
    table.key.map((column) => sql`${identifier(column)} desc`),
    sql`, `,
  );
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
    const [batch]: BatchRow[] = rowsOf<BatchRow>(
      await source.db.execute(sql`
        with after as (
          select ${keyOrder} from json_populate_record(null::${tableName(table)}, ${last}::json)
        ), batch as (
          select ${columnList([...table.key, ...table.deferred])} from ${tableName(table)}
          where (${anySet}) and (${last}::text is null or (${keyOrder}) > (select ${keyOrder} from after))
          order by ${keyOrder} limit ${batchSize}
        )
        select (select json_agg(batch order by ${keyOrder})::text from batch) as rows,
          (select count(*)::int from batch) as count,
          (select json_build_object(${keyObject})::text from batch order by ${descending} limit 1) as last`),
    );
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
