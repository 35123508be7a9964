export { restoreBackup, writeBackup } from "./backup";
export { createDatabaseClient, type DatabaseClient, type DatabaseClientOptions } from "./client";
export {
  type CopyProgress,
  type CopyStoreOutcome,
  copyStore,
  type TableCopyResult,
} from "./copy/copy-store";
export {
  DataFolderBusyError,
  type DataFolderHolder,
  type DataFolderLock,
  describeDataFolderHolder,
  readDataFolderHolder,
} from "./data-folder-lock";
export type { Database, Schema, Transaction } from "./database";
export { type DatabaseErrorInfo, pgErrorCodes, readDatabaseError } from "./database-error";
export { EnvError, parseEnv, readEnvParts } from "./env-error";
export { type FaultSummary, faultMessage, summarizeFault } from "./fault";
export {
  listAppliedMigrations,
  migrateDatabase,
  migrationsFolder,
  readMigrationJournal,
  rollbackLatestMigration,
} from "./migrations";
export { DataFolderError } from "./prepare-data-folder";
export * from "./queries/agent-instances";
export * from "./queries/agents";
export * from "./queries/api-keys";
export * from "./queries/changes";
export * from "./queries/checkpoints";
export * from "./queries/conversation-context";
export * from "./queries/conversations";
export * from "./queries/cta-events";
export * from "./queries/features";
export * from "./queries/ingest";
export * from "./queries/ingest-stats";
export * from "./queries/invocations";
export * from "./queries/memory-records";
export * from "./queries/metrics";
export * from "./queries/missing-references";
export * from "./queries/model-prices";
export * from "./queries/operations";
export * from "./queries/pagination";
export * from "./queries/planning-parents";
export * from "./queries/projects";
export * from "./queries/requirements";
export * from "./queries/retention/index";
export * from "./queries/run-skeleton";
export * from "./queries/run-tree";
export * from "./queries/runs";
export * from "./queries/sandboxes";
export * from "./queries/sessions";
export * from "./queries/step-numbers";
export * from "./queries/task-delegation";
export * from "./queries/tasks";
export * from "./queries/tool-calls";
export * from "./queries/traits";
export * from "./queries/usage";
export * from "./queries/users";
export * from "./queries/workspaces";
export { rowsOf } from "./rows";
export * from "./schema";
export {
  describeStoreTarget,
  findProjectRoot,
  parseStoreTarget,
  type StoreTarget,
} from "./store-target";
export { isCannotWriteCode, type WriteHealth } from "./write-health";
