import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, Transaction } from "./database";
import { migrateDatabase } from "./migrations";
import { rowsOf } from "./rows";
import * as schema from "./schema";
import type { StoreTarget } from "./store-target";

export type DatabaseClientOptions = {
  /** Apply pending migrations before returning (seed 004: "create with migrations"). */
  migrate?: boolean;
  /** Pool size on Postgres. */
  maxConnections?: number;
} & (StoreTarget | { kind: "pglite-instance"; pglite: PGlite });

export interface DatabaseClient {
  readonly db: Database;
  readonly store: "postgres" | "pglite";
  /** The tables Steward owns in schema `agent`, sorted by name. */
  tables(): Promise<string[]>;
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** True when the database answers a query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Runs `work` while holding the store's migration lock, so two processes never migrate at once. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
}

// Any fixed number would do; it only has to be the same in every Steward process.
const MIGRATION_LOCK_KEY = 7_061_829_113;

export async function createDatabaseClient(
  options: DatabaseClientOptions,
): Promise<DatabaseClient> {
  const client = await openClient(options);
  if (options.migrate) {
    try {
      await migrateDatabase(client);
    } catch (error) {
      await client.close();
      throw error;
    }
  }
  return client;
}

async function openClient(options: DatabaseClientOptions): Promise<DatabaseClient> {
  if (options.kind === "postgres") {
    const connection = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client: connection, schema }) as unknown as Database;
    return buildClient(
      db,
      "postgres",
      () => connection.end({ timeout: 5 }),
      async (work) => {
        // The lock lives on a connection of its own, so even a one-connection pool can migrate;
        // closing that connection releases the lock.
        const lockConnection = postgres(options.url, { max: 1, onnotice: () => {} });
        try {
          await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
          return await work();
        } finally {
          await lockConnection.end({ timeout: 5 });
        }
      },
    );
  }
  // Loaded only for the embedded store: PGlite alone adds ~40 MB to a process that never uses it.
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
  const pglite =
    options.kind === "pglite-instance" ? options.pglite : await openPgliteFolder(options.dataDir);
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  // PGlite is a single connection in this process: nothing else can migrate beside us.
  return buildClient(
    db,
    "pglite",
    () => pglite.close(),
    (work) => work(),
  );
}

async function openPgliteFolder(dataDir: string): Promise<PGlite> {
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  return new PGlite(dataDir);
}

function buildClient(
  db: Database,
  store: DatabaseClient["store"],
  close: () => Promise<void>,
  withMigrationLock: DatabaseClient["withMigrationLock"],
): DatabaseClient {
  return {
    db,
    store,
    async tables() {
      const rows = rowsOf<{ table_name: string }>(
        await db.execute(sql`
          select table_name from information_schema.tables
          where table_schema = 'agent' and table_type = 'BASE TABLE'
            and table_name <> '__drizzle_migrations'
          order by table_name`),
      );
      return rows.map((row) => row.table_name);
    },
    transaction: (work) => db.transaction(work),
    async ping() {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    close,
    withMigrationLock,
  };
}
