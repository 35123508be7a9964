import { type SQL, sql } from "drizzle-orm";
import type { CopyTable } from "./copy-plan";

/** A catalog name as an SQL identifier. Names come from pg_catalog, never from input. */
export function identifier(name: string): SQL {
  return sql.raw(`"${name.replaceAll('"', '""')}"`);
}

export function tableName(table: CopyTable): SQL {
  return sql.raw(`"agent"."${table.name.replaceAll('"', '""')}"`);
}

export function columnList(columns: string[], prefix?: string): SQL {
  return sql.join(
    columns.map((column) =>
      prefix ? sql`${identifier(prefix)}.${identifier(column)}` : identifier(column),
    ),
    sql`, `,
  );
}

/**
 * Per-session settings that fix how a row prints as text, so the same row gives the same
 * checksum on PGlite and on any Postgres server.
 */
export const textSettings = [
  sql`set local timezone = 'UTC'`,
  sql`set local datestyle = 'ISO, MDY'`,
  sql`set local intervalstyle = 'postgres'`,
  sql`set local extra_float_digits = 1`,
  sql`set local bytea_output = 'hex'`,
];

/**
 * Row count and checksum of a table: md5 over each row's text in key order, computed by the
 * same statement on both sides.
 */
export function checksumQuery(table: CopyTable): SQL {
  return sql`
    select count(*)::int as count,
      md5(coalesce(string_agg(md5(row(${columnList(table.columns, "t")})::text), '' order by ${columnList(table.key, "t")}), '')) as checksum
    from ${tableName(table)} t`;
}
