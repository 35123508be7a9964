import { readDatabaseError } from "@steward/db";

/**
 * A data error (SQLSTATE class 22) or integrity error (class 23) comes from what an event
 * says, so retrying the same batch would fail forever: the worker isolates the event instead.
 * Everything else (a lost connection, a restart, a deadlock, a timeout) passes, so the worker
 * waits and tries again.
 */
export function isPoisonError(error: unknown): boolean {
  const code = readDatabaseError(error)?.code;
  return code !== undefined && (code.startsWith("22") || code.startsWith("23"));
}

export function isStatementTimeout(error: unknown): boolean {
  return readDatabaseError(error)?.code === "57014";
}
