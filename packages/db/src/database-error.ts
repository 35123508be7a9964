/** Postgres error codes Steward reacts to. */
export const pgErrorCodes = {
  foreignKeyViolation: "23503",
  uniqueViolation: "23505",
  checkViolation: "23514",
  notNullViolation: "23502",
} as const;

export type DatabaseErrorInfo = {
  code: string;
  message: string;
  constraint?: string;
  detail?: string;
};

/**
 * The Postgres error under whatever wraps it: drizzle wraps driver errors, and postgres.js and
 * PGlite name the constraint differently.
 */
export function readDatabaseError(error: unknown): DatabaseErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const candidate = current as {
      code?: unknown;
      message?: string;
      constraint?: string;
      constraint_name?: string;
      detail?: string;
      cause?: unknown;
    };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        message: candidate.message ?? "",
        constraint: candidate.constraint_name ?? candidate.constraint,
        detail: candidate.detail,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}
