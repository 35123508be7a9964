import { readDatabaseError } from "./database-error";

/** Whether the store takes writes now; `/readyz` reports it. */
export type WriteHealth =
  | { writable: true }
  | { writable: false; reason: string; code?: string; since: Date };

/**
 * SQLSTATEs that say the database cannot take writes whatever the statement: class 53
 * (insufficient resources: 53100 disk full, …), 58030 (I/O error), 25006 (read-only
 * transaction, as on a standby).
 */
export function isCannotWriteCode(code: string): boolean {
  return code.startsWith("53") || code === "58030" || code === "25006";
}

export type WriteHealthTracker = {
  /** Call with any error a statement failed with; only "cannot write" errors count. */
  noteFailure(error: unknown): void;
  /** Call when a statement wrote rows: the store takes writes again. */
  noteWrite(): void;
  /** The embedded store stopped for good (a PANIC): nothing clears this but a restart. */
  noteStopped(reason: string, code?: string): void;
  current(): WriteHealth;
};

export function createWriteHealthTracker(): WriteHealthTracker {
  let health: WriteHealth = { writable: true };
  let stopped = false;
  return {
    noteFailure(error) {
      const info = readDatabaseError(error);
      if (stopped || !info || !isCannotWriteCode(info.code)) return;
      health = { writable: false, reason: info.message, code: info.code, since: new Date() };
    },
    noteWrite() {
      if (!stopped) health = { writable: true };
    },
    noteStopped(reason, code) {
      stopped = true;
      health = { writable: false, reason, ...(code ? { code } : {}), since: new Date() };
    },
    current: () => health,
  };
}
