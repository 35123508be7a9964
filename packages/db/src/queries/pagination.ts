import { type AnyColumn, and, asc, desc, type SQL, sql } from "drizzle-orm";
import { toMillisecond } from "../schema/columns";

/** Where the previous page ended: newest first, by creation time then id. */
export type PageAfter = { createdAt: Date; id: string };
export type PageParams = { limit: number; after?: PageAfter | undefined };

// Postgres keeps microseconds, a JS Date milliseconds: compare at the precision a cursor
// carries, or rows inside one millisecond would be skipped or repeated. The expression is the
// one the list indexes hold, so a page is read in index order instead of sorted.
const millis = toMillisecond;

/** A time window, `from` inclusive and `to` exclusive, at a cursor's millisecond precision. */
export type TimeRange = { from?: Date | undefined; to?: Date | undefined };

/**
 * A window on a page's order expression, so the index that orders the page also bounds it.
 * Cutting at whole milliseconds is exact: `from` and `to` carry no finer precision. With a
 * cursor, prefer `newestFirst`'s own window, which keeps only the tighter upper bound.
 */
export function withinTimeRange(column: AnyColumn, { from, to }: TimeRange): SQL | undefined {
  return and(
    from ? sql`${millis(column)} >= ${from.toISOString()}::timestamptz` : undefined,
    to ? sql`${millis(column)} < ${to.toISOString()}::timestamptz` : undefined,
  );
}

/**
 * The filter and order of a newest-first keyset page, optionally within a window of its time
 * (on the order's expression, so the index that orders the page also bounds it); fetch
 * `limit + 1` rows. The cursor and `to` both bound the page from above and only the tighter is
 * kept: a backward index scan starts from one of them, and would walk the rows between the two.
 */
export function newestFirst(
  createdAt: AnyColumn,
  id: AnyColumn,
  after: PageAfter | undefined,
  { from, to }: TimeRange = {},
) {
  const byCursor = after !== undefined && (to === undefined || after.createdAt < to);
  const bounds = [
    from ? sql`${millis(createdAt)} >= ${from.toISOString()}::timestamptz` : undefined,
    byCursor && after
      ? sql`(${millis(createdAt)}, ${id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
      : to
        ? sql`${millis(createdAt)} < ${to.toISOString()}::timestamptz`
        : undefined,
  ];
  return { where: and(...bounds), orderBy: [desc(millis(createdAt)), desc(id)] };
}

/** The same keyset read forwards, for histories shown in the order they happened. */
export function oldestFirst(createdAt: AnyColumn, id: AnyColumn, after: PageAfter | undefined) {
  const where: SQL | undefined = after
    ? sql`(${millis(createdAt)}, ${id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;
  return { where, orderBy: [asc(millis(createdAt)), asc(id)] };
}
