import { is, type TablesRelationalConfig } from "drizzle-orm";
import { One } from "drizzle-orm/relations";
import { describe, expect, it } from "vitest";
import { createTestWorkspace, insertOneRowInEveryTable, useTestDatabase } from "../testing";

describe("relations", () => {
  const database = useTestDatabase();

  it("load every declared relation of every table through db.query … with", async () => {
    const db = database.current.db;
    const workspace = await createTestWorkspace(db);
    await insertOneRowInEveryTable(db, workspace.id);
    const tables: TablesRelationalConfig = db._.schema ?? {};
    let checked = 0;
    for (const [tableName, table] of Object.entries(tables)) {
      // biome-ignore lint/suspicious/noExplicitAny: walking the query builders by name
      const query = (db.query as any)[tableName];
      for (const [relationName, relation] of Object.entries(table.relations)) {
        const rows: Record<string, unknown>[] = await query.findMany({
          with: { [relationName]: true },
          limit: 20,
        });
        expect(rows.length, `${tableName} has fixture rows`).toBeGreaterThan(0);
        for (const row of rows) {
          const loaded = row[relationName];
          if (is(relation, One)) {
            // A one-relation whose own key columns are all set must find its row.
            const fields = relation.config?.fields ?? [];
            const keyValues = fields.map((field) => row[findKey(table.columns, field.name)]);
            if (fields.length > 0 && keyValues.every((value) => value != null)) {
              expect(loaded, `${tableName}.${relationName}`).toBeTruthy();
            }
          } else {
            expect(Array.isArray(loaded), `${tableName}.${relationName}`).toBe(true);
          }
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });
});

function findKey(columns: Record<string, { name: string }>, columnName: string): string {
  const entry = Object.entries(columns).find(([, column]) => column.name === columnName);
  if (!entry) throw new Error(`no column ${columnName}`);
  return entry[0];
}
