import { faultMessage, readDatabaseError } from "@steward/db";

/**
 * What a failed statement means for the events it carried:
 * - `retry`: the database is unavailable (no SQLSTATE at all, as when the connection drops;
 *   class 08; a shutdown or restart, 57P01–57P05; too many connections, 53300; a full disk,
 *   53100; an I/O error, class 58) or the batch lost a race (40001, 40P01). Nothing is wrong
 *   with the events: the batch is left as it was and tried again after a pause.
 * - `isolate`: anything else the database says (bad data, a broken constraint, a program
 *   limit, out of memory, a statement timeout, an internal error …). Trying the same events
 *   again would fail the same way for ever, so the event that causes it is found and becomes
 *   a dead letter.
 */
export type FailureKind = "retry" | "isolate";

const retryableStates = new Set(["53100", "53300", "40001", "40P01"]);
const retryableClasses = ["08", "57P0", "58"];
// Node's own error codes (EPIPE, ECONNRESET …) can look like one; no SQLSTATE class starts with E.
const sqlState = /^(?:[0-5][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/;

export function classifyFailure(error: unknown): FailureKind {
  const code = readDatabaseError(error)?.code;
  if (!code || !sqlState.test(code)) return "retry";
  if (retryableStates.has(code) || retryableClasses.some((prefix) => code.startsWith(prefix))) {
    return "retry";
  }
  return "isolate";
}

const maxReasonLength = 1_000;

/**
 * A dead letter's reason: the database's own message, never drizzle's wrapper, which carries
 * the whole statement and its parameters (payloads, megabytes of them).
 */
export function refusalReason(error: unknown): string {
  return `the database refused it: ${faultMessage(error, maxReasonLength)}`;
}
