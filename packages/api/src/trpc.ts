import type { ApiKeyScope } from "@steward/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { ApiContext } from "./context";
import { toAppError, toTRPCError } from "./error-mapping";
import { AppError } from "./errors";
import { keyGrants } from "./scopes";

export type FieldError = { path: string; message: string };

function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(input)",
    message: issue.message,
  }));
}

// No transformer: inputs and answers are plain JSON, so timestamps travel as ISO 8601 strings.
const t = initTRPC.context<ApiContext>().create({
  // A subscription's stream (server-sent events) carries a ping while it is quiet, so proxies
  // keep it open and the client, told to reconnect after twice that silence, notices a dead one.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 30_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const fieldErrors = error.cause instanceof ZodError ? fieldErrorsOf(error.cause) : null;
    const appError = error.cause instanceof AppError ? error.cause : null;
    // A fault's own message can quote SQL, parameters or a driver's words: the caller gets the
    // request id that finds it in the log, and nothing else.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const requestId = ctx?.requestId ?? null;
    return {
      ...shape,
      message: internal
        ? `Internal error${requestId ? ` (request id ${requestId})` : ""}; the server log has the details`
        : fieldErrors
          ? `Invalid input: ${fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ")}`
          : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        requestId,
        appCode: appError?.code ?? null,
        field: appError?.field ?? fieldErrors?.[0]?.path ?? null,
        fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Maps domain and database errors once, for every procedure. What stays a fault is logged by
 * the HTTP adapter, which knows the request id.
 */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const appError = toAppError(result.error.cause ?? result.error);
  if (appError) throw toTRPCError(appError);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/**
 * The one place tenancy is enforced: the workspace comes from the caller's key, and every
 * procedure built here reads it from `ctx.workspaceId`, never from its input. Any usable key
 * passes, whatever its scopes; `workspaceProcedure` adds the scope a procedure needs.
 */
export const keyProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: ctx.authProblem ?? "Send a workspace API key as `Authorization: Bearer …`",
    });
  }
  return next({ ctx: { ...ctx, auth: ctx.auth, workspaceId: ctx.auth.workspaceId } });
});

/** A usable key that also grants `scope` (see keyGrants). */
export function workspaceProcedure(scope: ApiKeyScope) {
  return keyProcedure.use(({ ctx, next }) => {
    if (!keyGrants(ctx.auth.scopes, scope)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This key lacks the "${scope}" scope (it has: ${ctx.auth.scopes.join(", ") || "none"})`,
      });
    }
    return next();
  });
}

export const readProcedure = workspaceProcedure("read");
export const writeProcedure = workspaceProcedure("write");
export const adminProcedure = workspaceProcedure("admin");
export const ingestProcedure = workspaceProcedure("ingest");
