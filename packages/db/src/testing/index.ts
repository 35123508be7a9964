export { type CommandTestStore, createCommandTestStore } from "./command-store";
export { expectDatabaseError } from "./expect-database-error";
export * from "./fixtures";
export type { TestStoreTemplate } from "./store-template";
export { createTestDatabase, type TestDatabase, useTestDatabase } from "./test-database";
