import { type AnyColumn, asc, desc, type SQL, sql } from "drizzle-orm";

/** Where the previous page ended: newest first, by creation time then id. */
export type PageAfter = { createdAt: Date; id: string };
export type PageParams = { limit: number; after?: PageAfter | undefined };

// Postgres keeps microseconds, a JS Date milliseconds: compare at the precision a cursor
// carries, or rows inside one millisecond would be skipped or repeated.
const millis = (column: AnyColumn) => sql`date_trunc('milliseconds', ${column})`;

/** The filter and order of a newest-first keyset page; fetch `limit + 1` rows. */
export function newestFirst(createdAt: AnyColumn, id: AnyColumn, after: PageAfter | undefined) {
  const where: SQL | undefined = after
    ? sql`(${millis(createdAt)}, ${id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;
  return { where, orderBy: [desc(millis(createdAt)), desc(id)] };
}

/** The same keyset read forwards, for histories shown in the order they happened. */
export function oldestFirst(createdAt: AnyColumn, id: AnyColumn, after: PageAfter | undefined) {
  const where: SQL | undefined = after
    ? sql`(${millis(createdAt)}, ${id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;
  return { where, orderBy: [asc(millis(createdAt)), asc(id)] };
}
