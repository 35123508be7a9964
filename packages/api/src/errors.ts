/** The one error vocabulary of Steward's domain code. */
export type AppErrorCode =
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "CONFLICT"
  /** A state change the rules forbid: a phase out of order, a sandbox transition, a second answer. */
  | "INVALID_STATE"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  /** The store cannot take writes now (disk full, read-only): try again later. */
  | "UNAVAILABLE";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The input field the error is about, when there is one. */
  readonly field: string | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
  }
}

export function notFound(what: string, field?: string): AppError {
  return new AppError("NOT_FOUND", `${what} was not found`, { field });
}

export function invalidState(message: string, field?: string): AppError {
  return new AppError("INVALID_STATE", message, { field });
}

/** Returns the row, or throws NOT_FOUND: the same answer for "missing" and "another workspace's". */
export function found<T>(row: T | undefined | null, what: string, field?: string): T {
  if (row === undefined || row === null) throw notFound(what, field);
  return row;
}
