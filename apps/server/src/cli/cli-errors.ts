/** Thrown for a command the operator typed wrongly; the entry point prints it with the usage. */
export class CliUsageError extends Error {}

/** A command refused as things stand (rollback under a running server); no usage to show. */
export class CliRefusedError extends Error {}

/** A mistyped command: ours, or parseArgs' own for an unknown or malformed option. */
export function isUsageError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    error instanceof CliUsageError ||
    (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
  );
}
