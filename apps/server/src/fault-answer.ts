import { type ApiLogger, type AppErrorCode, toAppError } from "@steward/api";
import { summarizeFault } from "@steward/db";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const statusOf: Record<AppErrorCode, ContentfulStatusCode> = {
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  CONFLICT: 409,
  INVALID_STATE: 412,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
};

/** When a client told the store is unavailable (UNAVAILABLE, 503) should come back. */
export const unavailableRetryAfterSeconds = 5;

/**
 * The answer to an error that escaped a plain HTTP route. A known kind answers in the API's
 * vocabulary; anything else is a fault: logged as a bounded summary under the request id, and
 * answered with that id alone, never the error's own words.
 */
export function answerFault(c: Context, error: unknown, logger: ApiLogger) {
  const requestId = String(c.get("requestId") ?? "");
  const known = toAppError(error);
  if (known) {
    if (known.code === "UNAVAILABLE") c.header("Retry-After", String(unavailableRetryAfterSeconds));
    return c.json(
      { error: { code: known.code, message: known.message, requestId } },
      statusOf[known.code],
    );
  }
  logger.error({ requestId, path: c.req.path, err: summarizeFault(error) }, "request failed");
  return c.json(
    {
      error: {
        code: "INTERNAL",
        message: `Internal error (request id ${requestId}); the server log has the details`,
        requestId,
      },
    },
    500,
  );
}
