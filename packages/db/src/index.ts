export { createDatabaseClient, type DatabaseClient, type DatabaseClientOptions } from "./client";
export type { Database, Schema, Transaction } from "./database";
export { type DatabaseErrorInfo, pgErrorCodes, readDatabaseError } from "./database-error";
export {
  listAppliedMigrations,
  migrateDatabase,
  migrationsFolder,
  readMigrationJournal,
  rollbackLatestMigration,
} from "./migrations";
export * from "./queries/conversation-context";
export { rowsOf } from "./rows";
export * from "./schema";
export {
  describeStoreTarget,
  findProjectRoot,
  parseStoreTarget,
  type StoreTarget,
} from "./store-target";
