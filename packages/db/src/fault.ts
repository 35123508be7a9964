import { readDatabaseError } from "./database-error";

/** How much of an error a log line keeps. */
const maxMessageLength = 500;
const maxStackLines = 8;

export type FaultSummary = {
  name: string;
  message: string;
  /** The SQLSTATE, when the database raised it. */
  code?: string;
  stack?: string;
};

/**
 * A bounded, parameter-free summary of an error for logs. Drizzle's errors carry the whole SQL
 * and its parameters (customer data, sometimes megabytes): a log keeps the database's own
 * message and the start of the stack, never the statement's values.
 */
export function summarizeFault(error: unknown): FaultSummary {
  const database = readDatabaseError(error);
  const base = error instanceof Error ? error : new Error(String(error));
  const stack = base.stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, maxStackLines)
    .join("\n");
  return {
    name: base.name,
    message: faultMessage(error),
    ...(database ? { code: database.code } : {}),
    ...(stack ? { stack } : {}),
  };
}

/** The database's own message when it raised the error, else the error's; bounded. */
export function faultMessage(error: unknown, maxLength = maxMessageLength): string {
  const message = readDatabaseError(error)?.message ?? ownMessage(error);
  return message.length > maxLength
    ? `${message.slice(0, maxLength)}… (${message.length} characters)`
    : message;
}

// Drizzle's own message is "Failed query: <sql>\nparams: <values>": keep neither.
function ownMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message.startsWith("Failed query:")) {
    return error.cause instanceof Error ? error.cause.message : "a query failed";
  }
  return error.message;
}
