import { pgErrorCodes, readDatabaseError } from "@steward/db";
import { TRPCError } from "@trpc/server";
import { AppError, type AppErrorCode } from "./errors";

const trpcCodeOf: Record<AppErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  INVALID_STATE: "PRECONDITION_FAILED",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function trpcCodeForAppError(code: AppErrorCode): TRPCError["code"] {
  return trpcCodeOf[code];
}

/**
 * Turns what domain code and the database throw into the API's answer. Constraint violations
 * are the caller's mistake, not a server fault, so they never surface as a 500.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const database = readDatabaseError(error);
  if (!database) return undefined;
  const constraint = database.constraint ?? "a constraint";
  switch (database.code) {
    case pgErrorCodes.uniqueViolation:
      return new AppError("CONFLICT", `Already exists (${constraint})`, { cause: error });
    case pgErrorCodes.foreignKeyViolation:
      // On delete, the row is still referenced; on insert or update, the target is missing
      // in this workspace, which the caller cannot tell apart from "does not exist".
      return /still referenced/.test(database.detail ?? "")
        ? new AppError("CONFLICT", `Still referenced by other rows (${constraint})`, {
            cause: error,
          })
        : new AppError("NOT_FOUND", `A referenced row was not found (${constraint})`, {
            cause: error,
          });
    case pgErrorCodes.checkViolation:
      return new AppError("BAD_REQUEST", `Violates the rule ${constraint}`, { cause: error });
    case pgErrorCodes.notNullViolation:
      return new AppError("BAD_REQUEST", `A required value is missing (${constraint})`, {
        cause: error,
      });
    default:
      return fromSqlState(database.code, error);
  }
}

/**
 * The rest by SQLSTATE class. Values the door should have refused still answer as the caller's
 * mistake; a store that cannot write answers "unavailable". The database's own words never
 * reach the caller: they can quote values and name internals.
 */
function fromSqlState(code: string, cause: unknown): AppError | undefined {
  if (code.startsWith("22") || code === "54000" || code === "54001") {
    return new AppError("BAD_REQUEST", "A value has the wrong form or size for the database", {
      cause,
    });
  }
  if (code.startsWith("53") || code.startsWith("58") || code === "25006") {
    return new AppError(
      "UNAVAILABLE",
      "The database cannot take writes right now; try again later",
      {
        cause,
      },
    );
  }
  return undefined;
}

export function toTRPCError(appError: AppError): TRPCError {
  return new TRPCError({
    code: trpcCodeOf[appError.code],
    message: appError.message,
    cause: appError,
  });
}
