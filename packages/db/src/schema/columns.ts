import { type AnyColumn, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  foreignKey,
  primaryKey,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const timestamptz = <Name extends string>(name: Name) =>
  timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A timestamp cut to the millisecond, the precision a JS Date (and so a page cursor) carries.
 * `date_bin` is immutable where `date_trunc` on timestamptz is not, so an index can hold this
 * expression and serve a newest-first page in order; the index and the query must spell it
 * alike, so both take it from here.
 */
export const toMillisecond = (column: AnyColumn) =>
  sql`date_bin('1 millisecond'::interval, ${column}, '2000-01-01T00:00:00Z'::timestamptz)`;

/**
 * The leading columns of every tenant table. Ids default to random UUIDs but may be chosen by
 * the client, so telemetry can arrive in any order and be retried.
 */
export const tenantColumns = {
  workspaceId: uuid("workspace_id").notNull(),
  id: uuid("id").notNull().defaultRandom(),
};

export const createdAt = {
  createdAt: timestamptz("created_at").notNull().defaultNow(),
};

export const timestamps = {
  ...createdAt,
  updatedAt: timestamptz("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** `(workspace_id, id)`: the key every tenant row is addressed by. */
export function tenantPrimaryKey(table: { workspaceId: AnyPgColumn; id: AnyPgColumn }) {
  return primaryKey({ columns: [table.workspaceId, table.id] });
}

type OnDelete = "cascade" | "no action";

/**
 * A foreign key that carries `workspace_id`, so a row can never point into another workspace.
 * `no action` is used where the referencing row is an audit record or a soft link that must not
 * vanish with its target; the target then cannot be deleted while it is referenced.
 */
export function tenantReference(
  name: string,
  workspaceId: AnyPgColumn,
  column: AnyPgColumn,
  target: { workspaceId: AnyPgColumn; id: AnyPgColumn },
  onDelete: OnDelete,
) {
  return foreignKey({
    name,
    columns: [workspaceId, column],
    foreignColumns: [target.workspaceId, target.id],
  }).onDelete(onDelete);
}

/** A closed set of text values, enforced by the database (seed plans keep these as text). */
export function checkOneOf(name: string, column: string, values: readonly string[]) {
  const list = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ");
  return check(name, sql.raw(`"${column}" in (${list})`));
}
