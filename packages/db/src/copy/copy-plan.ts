import { sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";

/** One table to copy, as the source's catalog describes it. */
export type CopyTable = {
  name: string;
  /** The columns written, in the source's order (generated columns are left to the target). */
  columns: string[];
  /** The primary key: the copy's order and the point it resumes from. */
  key: string[];
  /**
   * Columns of a foreign key back into the table itself (a parent row): written as null first and
   * set once every row is there, since a child may sort before its parent.
   */
  deferred: string[];
};

type ColumnRow = { table_name: string; column_name: string; is_key: boolean };
type ReferenceRow = { table_name: string; target_name: string; columns: string[] };

/**
 * The tables of schema `agent` in foreign-key order (a table after every table it points to),
 * read from pg_constraint so a new table needs no change here.
 */
export async function readCopyPlan(db: Database): Promise<CopyTable[]> {
  const columns = rowsOf<ColumnRow>(
    await db.execute(sql`
      select c.relname as table_name, a.attname as column_name,
        coalesce(a.attnum = any(k.conkey), false) as is_key
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_constraint k on k.conrelid = c.oid and k.contype = 'p'
      where n.nspname = 'agent' and c.relkind = 'r' and c.relname <> '__drizzle_migrations'
        and a.attgenerated = ''
      order by c.relname, a.attnum`),
  );
  const references = rowsOf<ReferenceRow>(
    await db.execute(sql`
      select c.relname as table_name, t.relname as target_name,
        array(select a.attname from pg_attribute a
              where a.attrelid = k.conrelid and a.attnum = any(k.conkey)
              order by a.attnum)::text[] as columns
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class t on t.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'agent' and k.contype = 'f'`),
  );
  const keyOrder = rowsOf<{ table_name: string; key: string[] }>(
    await db.execute(sql`
      select c.relname as table_name,
        array(select a.attname from unnest(k.conkey) with ordinality u(attnum, i)
              join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
              order by u.i)::text[] as key
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'agent' and k.contype = 'p'`),
  );
  const tables = new Map<string, CopyTable>();
  for (const row of columns) {
    const table = tables.get(row.table_name) ?? {
      name: row.table_name,
      columns: [],
      key: [],
      deferred: [],
    };
    table.columns.push(row.column_name);
    tables.set(row.table_name, table);
  }
  for (const { table_name, key } of keyOrder) {
    const table = tables.get(table_name);
    if (table) table.key = key;
  }
  const dependsOn = new Map<string, Set<string>>();
  for (const name of tables.keys()) dependsOn.set(name, new Set());
  for (const reference of references) {
    const table = tables.get(reference.table_name);
    if (!table) continue;
    if (reference.target_name === reference.table_name) {
      // The tenant column is shared with the row's own key; only the parent column waits.
      const own = reference.columns.filter((column) => !table.key.includes(column));
      for (const column of own) if (!table.deferred.includes(column)) table.deferred.push(column);
    } else {
      dependsOn.get(reference.table_name)?.add(reference.target_name);
    }
  }
  for (const table of tables.values()) {
    if (table.key.length === 0) {
      throw new Error(
        `Table agent.${table.name} has no primary key, so it cannot be copied by key`,
      );
    }
  }
  return sortByDependencies(tables, dependsOn);
}

function sortByDependencies(
  tables: Map<string, CopyTable>,
  dependsOn: Map<string, Set<string>>,
): CopyTable[] {
  const ordered: CopyTable[] = [];
  const placed = new Set<string>();
  while (placed.size < tables.size) {
    const ready = [...tables.keys()]
      .filter((name) => !placed.has(name))
      .filter((name) => [...(dependsOn.get(name) ?? [])].every((target) => placed.has(target)))
      .sort();
    if (ready.length === 0) {
      const left = [...tables.keys()].filter((name) => !placed.has(name)).join(", ");
      throw new Error(`The foreign keys among ${left} form a cycle; no copy order exists`);
    }
    for (const name of ready) {
      placed.add(name);
      ordered.push(tables.get(name) as CopyTable);
    }
  }
  return ordered;
}
