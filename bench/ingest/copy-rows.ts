import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql } from "postgres";
import type { NormalizedRows } from "./normalized-rows";

/** A CSV field for COPY: unquoted empty is NULL, everything else quoted. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** Each table's COPY statement and CSV lines, parents before children. */
function copyStatements(rows: NormalizedRows) {
  return (Object.entries(rows) as [string, Record<string, unknown>[]][]).flatMap(
    ([table, tableRows]) => {
      const first = tableRows[0];
      if (!first) return [];
      const columns = Object.keys(first);
      const lines = tableRows.map(
        (row) => `${columns.map((column) => csvField(row[column])).join(",")}\n`,
      );
      const target = `agent.${table} (${columns.map((c) => `"${c}"`).join(", ")})`;
      return [{ target, lines }];
    },
  );
}

/** Writes the rows with COPY, parents before children, in one transaction. */
export async function copyRows(sql: Sql, rows: NormalizedRows) {
  const statements = copyStatements(rows);
  await sql.begin(async (tx) => {
    for (const { target, lines } of statements) {
      const writable = await tx.unsafe(`copy ${target} from stdin with (format csv)`).writable();
      await pipeline(Readable.from(lines), writable);
    }
  });
}

type PgliteCopy = {
  transaction<T>(
    work: (tx: {
      query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
    }) => Promise<T>,
  ): Promise<T>;
};

/** The same on the embedded store: PGlite copies from a blob it is handed as `/dev/blob`. */
export async function copyRowsPglite(pglite: PgliteCopy, rows: NormalizedRows) {
  const statements = copyStatements(rows);
  await pglite.transaction(async (tx) => {
    for (const { target, lines } of statements) {
      await tx.query(`copy ${target} from '/dev/blob' with (format csv)`, [], {
        blob: new Blob(lines),
      });
    }
  });
}
