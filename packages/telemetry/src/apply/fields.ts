import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";

/**
 * What a column holds in a row as JSON carries it to Postgres: timestamps as ISO strings, JSON
 * as any value; null unless the column is not null.
 */
type RowValue<C extends Column> =
  | (C["_"]["dataType"] extends "date"
      ? string
      : C["_"]["dataType"] extends "json"
        ? unknown
        : C["_"]["data"])
  | (C["_"]["notNull"] extends true ? never : null);

/**
 * One column of the rows an applier takes: its name and SQL type, both read from a table's
 * column, so a column renamed or retyped in the schema is renamed or retyped here.
 */
export type Field<Name extends string = string, Value = unknown> = {
  readonly name: Name;
  readonly sqlType: string;
  /** The value's type in a row; never set. */
  readonly value?: Value;
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function sqlTypeOf(column: Column): string {
  // An enum of a schema other than the search path's is named with its schema.
  const { enum: enumType } = column as { enum?: { enumName: string; schema?: string } };
  if (enumType) {
    const name = quote(enumType.enumName);
    return enumType.schema ? `${quote(enumType.schema)}.${name}` : name;
  }
  return column.getSQLType();
}

/** A row column named and typed as `column`. */
export function field<C extends Column>(column: C): Field<C["_"]["name"], RowValue<C>> {
  return { name: column.name, sqlType: sqlTypeOf(column) };
}

/** The same column, null when the event leaves it out (the statement supplies a value). */
export const orNull = <Name extends string, Value>(
  of: Field<Name, Value>,
): Field<Name, Value | null> => of;

/** The same column's type under another name, for a row that names another table's key. */
export const renamed = <Name extends string, Value>(
  name: Name,
  of: Field<string, Value>,
): Field<Name, Value> => ({ name, sqlType: of.sqlType });

/** A row with one property per field, typed as the fields' columns. */
export type RowOf<Fields extends readonly Field[]> = {
  [F in Fields[number] as F["name"]]: F extends Field<string, infer Value> ? Value : never;
};

/**
 * Rows travel to Postgres as one JSON parameter and come back as record set `e`, typed as its
 * fields, so each applier is one statement however many events it carries.
 */
export function recordSet<Fields extends readonly Field[]>(
  rows: readonly RowOf<Fields>[],
  fields: Fields,
): SQL {
  const columns = fields.map((f) => `${quote(f.name)} ${f.sqlType}`).join(", ");
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(${sql.raw(columns)})`;
}

/** A column's name, unqualified: for insert lists, `set` clauses and `alias.column`. */
export const col = (column: Column) => sql.identifier(column.name);

/** The fields' names, separated by commas. */
export const fieldNames = (fields: readonly Field[]) =>
  sql.join(
    fields.map((f) => sql.identifier(f.name)),
    sql`, `,
  );

/** Every column name of `table`, unqualified, by the column's property. */
export function columnNames<T extends Table>(
  table: T,
): { [K in keyof T["_"]["columns"]]: ReturnType<typeof sql.identifier> } {
  const columns: Record<string, Column> = getTableColumns(table);
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, sql.identifier(column.name)]),
  ) as { [K in keyof T["_"]["columns"]]: ReturnType<typeof sql.identifier> };
}
