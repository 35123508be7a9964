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

/** Writes the rows with COPY, parents before children, in one transaction. */
export async function copyRows(sql: Sql, rows: NormalizedRows) {
  await sql.begin(async (tx) => {
    for (const [table, tableRows] of Object.entries(rows) as [
      string,
      Record<string, unknown>[],
    ][]) {
      const first = tableRows[0];
      if (!first) continue;
      const columns = Object.keys(first);
      const lines = tableRows.map(
        (row) => `${columns.map((column) => csvField(row[column])).join(",")}\n`,
      );
      const target = await tx
        .unsafe(
          `copy agent.${table} (${columns.map((c) => `"${c}"`).join(", ")}) from stdin with (format csv)`,
        )
        .writable();
      await pipeline(Readable.from(lines), target);
    }
  });
}
