import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type DataFolderLock, lockDataFolder } from "./data-folder-lock";
import type { Database, Transaction } from "./database";
import { initializePgliteFolder } from "./initialize-pglite-folder";
import { migrateDatabase } from "./migrations";
import { observePglite, observePostgres } from "./observe-writes";
import { pgliteExtensions } from "./pglite-extensions";
import { DataFolderError, prepareDataFolder } from "./prepare-data-folder";
import { probeFolderWrites } from "./probe-folder-writes";
import { rowsOf } from "./rows";
import * as schema from "./schema";
import type { StoreTarget } from "./store-target";
import {
  createWriteHealthTracker,
  type WriteHealth,
  type WriteHealthTracker,
} from "./write-health";

export type DatabaseClientOptions = {
  /** Apply pending migrations before returning (seed 004: "create with migrations"). */
  migrate?: boolean;
  /** Pool size on Postgres. */
  maxConnections?: number;
  /**
   * On Postgres, keep each statement prepared on its connection (the default). Without, every
   * statement is planned afresh with the parameters and statistics of the moment, never by a
   * generic plan cached earlier (as PGlite always does).
   */
  prepare?: boolean;
  /**
   * What this process is, told to another process that finds the embedded data folder held:
   * "the Steward server", "the command `steward key list`".
   */
  holder?: string;
} & (StoreTarget | { kind: "pglite-instance"; pglite: PGlite });

export interface DatabaseClient {
  readonly db: Database;
  readonly store: "postgres" | "pglite";
  /** The tables Steward owns in schema `agent`, sorted by name. */
  tables(): Promise<string[]>;
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** True when the database answers a query. */
  ping(): Promise<boolean>;
  /**
   * Calls `onPayload` with each notification on `channel` until the answered function stops
   * it. On Postgres, one connection outside the pool listens for the whole client (postgres.js
   * reconnects it and listens again); PGlite delivers what its own statements notify, which is
   * every notification there is, since no other process can open it.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Whether writes go through: the last "cannot write" error (disk full, I/O error, read-only)
   * until a later write succeeds, then a cheap probe of the store (free space and a file written
   * in the data folder; `transaction_read_only` on Postgres).
   */
  checkWrites(): Promise<WriteHealth>;
  /** The lock on the embedded data folder this client owns; none on Postgres or a given instance. */
  readonly dataFolder?: DataFolderLock;
  /**
   * The embedded store's data folder as a gzipped tarball, taken between two statements after a
   * checkpoint, so it opens as the database stood at that moment. Absent on Postgres.
   */
  readonly dumpDataDir?: () => Promise<Blob>;
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
  const tracker = createWriteHealthTracker();
  if (options.kind === "postgres") {
    const connection = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      prepare: options.prepare ?? true,
      // Steward's statements are short and planned on estimates that can be far too high (the
      // worker's claim: a batch of rows through window functions). Past the JIT's cost
      // threshold Postgres compiles them first: 27 ms of a 36 ms claim, every batch, measured
      // with auto_explain. No statement here runs long enough to earn a compilation back.
      connection: { jit: "off" },
    });
    const db = drizzlePostgres({
      client: observePostgres(connection, tracker),
      schema,
    }) as unknown as Database;
    return buildClient({
      db,
      store: "postgres",
      tracker,
      close: () => connection.end({ timeout: 5 }),
      async listen(channel, onPayload) {
        const { unlisten } = await connection.listen(channel, onPayload);
        return unlisten;
      },
      async withMigrationLock(work) {
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
      async probeWrites() {
        // A standby, or a server set read-only, refuses every write (25006) but answers reads.
        const [row] = await connection`select current_setting('transaction_read_only') as value`;
        return row?.value === "on"
          ? {
              writable: false,
              reason: "the database is read-only",
              code: "25006",
              since: new Date(),
            }
          : { writable: true };
      },
    });
  }
  // Loaded only for the embedded store: PGlite alone adds ~40 MB to a process that never uses it.
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
  const opened =
    options.kind === "pglite-instance"
      ? { pglite: options.pglite, dataFolder: undefined }
      : await openPgliteFolder(options.dataDir, options.holder ?? describeThisProcess());
  const pglite = observePglite(opened.pglite, tracker);
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  const { dataFolder } = opened;
  const client = buildClient({
    db,
    store: "pglite",
    tracker,
    dataFolder,
    async close() {
      try {
        await pglite.close();
      } finally {
        dataFolder?.release();
      }
    },
    async listen(channel, onPayload) {
      const unlisten = await opened.pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    // PGlite is a single connection in this process, and the folder lock keeps other processes
    // out: nothing else can migrate beside us.
    withMigrationLock: (work) => work(),
    // Never probe with a database write here: on a full disk that write can PANIC PGlite.
    probeWrites: async () =>
      dataFolder ? probeFolderWrites(dataFolder.dataDir) : { writable: true },
  });
  return {
    ...client,
    async dumpDataDir() {
      // Writes dirty pages out first, so the tarball needs no long recovery when it is opened.
      await pglite.exec("checkpoint");
      return pglite.dumpDataDir("gzip");
    },
  };
}

/**
 * Prepares and locks the folder, then opens it; the lock is taken before PGlite touches a file,
 * and given back if PGlite cannot open the folder.
 */
async function openPgliteFolder(dataDir: string, holder: string) {
  prepareDataFolder(dataDir);
  const dataFolder = lockDataFolder(dataDir, { role: holder });
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    // Postgres's default 128 MB of shared buffers lives in the embedded store's memory, which
    // never shrinks; 32 MB holds a busy install's hot pages (bench/ingest: 422 MB resident with
    // the default).
    const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];
    await initializePgliteFolder(dataDir, startParams);
    return {
      pglite: await PGlite.create(dataDir, { extensions: await pgliteExtensions(), startParams }),
      dataFolder,
    };
  } catch (error) {
    dataFolder.release();
    throw new DataFolderError(
      dataDir,
      `PGlite could not open the data folder ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function describeThisProcess() {
  return `the process \`${process.argv.slice(1).join(" ")}\``;
}

type ClientParts = {
  db: Database;
  store: DatabaseClient["store"];
  tracker: WriteHealthTracker;
  dataFolder?: DataFolderLock;
  close: () => Promise<void>;
  listen: DatabaseClient["listen"];
  withMigrationLock: DatabaseClient["withMigrationLock"];
  probeWrites: () => Promise<WriteHealth>;
};

function buildClient({
  db,
  store,
  tracker,
  dataFolder,
  close,
  listen,
  withMigrationLock,
  probeWrites,
}: ClientParts): DatabaseClient {
  return {
    db,
    store,
    dataFolder,
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
    async checkWrites() {
      const recorded = tracker.current();
      if (!recorded.writable) return recorded;
      try {
        return await probeWrites();
      } catch {
        // A probe that cannot run says nothing about writes; ping reports reachability.
        return { writable: true };
      }
    },
    close,
    listen,
    withMigrationLock,
  };
}
