/** What the global setup hands every test file: where the migrated template is. */
export type TestStoreTemplate =
  | { kind: "pglite"; dumpFile: string }
  | { kind: "postgres"; adminUrl: string; templateDatabase: string };

declare module "vitest" {
  export interface ProvidedContext {
    stewardTestStore: TestStoreTemplate;
  }
}

/** A database URL with its database name replaced. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
