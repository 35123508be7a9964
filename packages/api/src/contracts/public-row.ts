import { getTableColumns, type Table } from "drizzle-orm";
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { jsonValue } from "./json";

/** A column that never leaves the server, and why. */
export type Internal = { internal: string };

export const internal = (reason: string): Internal => ({ internal: reason });

/**
 * What each column of a table is to the API: `true` is public as the column says; a schema is
 * public, said more precisely (an enum the database checks, a JSON object); `internal(why)`
 * stays out of every answer. Every column must be named, so a column added to a table fails
 * the typecheck until someone decides whether it is public.
 */
type Visibility<T extends Table> = {
  [K in keyof T["_"]["columns"]]: true | Internal | z.ZodType;
};

type PublicKey<V> = { [K in keyof V]: V[K] extends Internal ? never : K }[keyof V];

type Row<T extends Table> = T["$inferSelect"];

export type PublicShape<T extends Table, V> = {
  [K in PublicKey<V> & keyof Row<T>]: z.ZodType<Row<T>[K], Row<T>[K]>;
};

/** The key and the time stamps most tables share, all public. */
export const tenantKey = { workspaceId: true, id: true } as const;
export const createdAt = { createdAt: true } as const;
export const timestamps = { createdAt: true, updatedAt: true } as const;

type Column = { dataType: string; columnType: string };

/**
 * Where drizzle-zod's schema for a column is not what an answer should check: a schema to use as
 * it is, a function whose schema drizzle-zod makes nullable for a nullable column, or undefined
 * to keep drizzle-zod's.
 */
function answerSchemaOf(column: Column | undefined) {
  // As it is, so null stays one of the JSON values rather than a second `anyOf` branch.
  if (column?.dataType === "json") return jsonValue;
  // The database guarantees a uuid's syntax, so an answer checks only that it is a string:
  // matching a pattern per id would cost more than checking all the rest of a row.
  if (column?.columnType === "PgUUID") return () => storedUuid;
  // drizzle-zod bounds floating-point columns like 48- or 24-bit integers.
  if (column?.columnType === "PgDoublePrecision" || column?.columnType === "PgReal") {
    return () => z.number();
  }
  return undefined;
}

const storedUuid = z.string().meta({ format: "uuid" });

/**
 * A table's row as the API answers it, derived from the table: the column types come from the
 * schema, the choice of columns from `visibility`. Parsing strips any other key, so a procedure
 * declaring it can never ship an internal column, even from a query that selected it. JSON
 * columns pass through untouched (keys are data, never copied one by one).
 */
export function publicRow<T extends Table, const V extends Visibility<T>>(
  table: T,
  visibility: V,
): z.ZodObject<PublicShape<T, V>> {
  const columns = getTableColumns(table) as Record<string, Column>;
  const refinements: Record<string, z.ZodType | (() => z.ZodType)> = {};
  const internalColumns: Record<string, true> = {};
  const choices: Record<string, true | Internal | z.ZodType> = visibility;
  for (const [key, said] of Object.entries(choices)) {
    if (said === true) {
      const schema = answerSchemaOf(columns[key]);
      if (schema) refinements[key] = schema;
    } else if ("internal" in said) {
      internalColumns[key] = true;
    } else {
      // A function, so drizzle-zod adds `.nullable()` for a nullable column.
      refinements[key] = () => said;
    }
  }
  const row = createSelectSchema(table, refinements as never) as unknown as z.ZodObject;
  return row.omit(internalColumns) as unknown as z.ZodObject<PublicShape<T, V>>;
}
