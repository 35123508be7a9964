import type { ApiKeyScope } from "@steward/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
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

const t = initTRPC.context<ApiContext>().create({
  // Dates and other non-JSON values keep their types across the wire.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const fieldErrors = error.cause instanceof ZodError ? fieldErrorsOf(error.cause) : null;
    const appError = error.cause instanceof AppError ? error.cause : null;
    return {
      ...shape,
      message: fieldErrors
        ? `Invalid input: ${fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ")}`
        : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: appError?.code ?? null,
        field: appError?.field ?? null,
        fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Maps domain and database errors once, for every procedure; a real fault is logged with its cause. */
const mapErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const original = result.error.cause ?? result.error;
  const appError = toAppError(original);
  if (appError) throw toTRPCError(appError);
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.logger.error({ err: original, path, type }, "procedure failed");
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/**
 * The one place tenancy is enforced: the workspace comes from the caller's key, and every
 * procedure built here reads it from `ctx.workspaceId`, never from its input.
 */
export function workspaceProcedure(scope: ApiKeyScope) {
  return publicProcedure.use(({ ctx, next }) => {
    if (!ctx.auth) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: ctx.authProblem ?? "Send a workspace API key as `Authorization: Bearer …`",
      });
    }
    if (!keyGrants(ctx.auth.scopes, scope)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This key lacks the "${scope}" scope (it has: ${ctx.auth.scopes.join(", ") || "none"})`,
      });
    }
    return next({ ctx: { ...ctx, auth: ctx.auth, workspaceId: ctx.auth.workspaceId } });
  });
}

export const readProcedure = workspaceProcedure("read");
export const writeProcedure = workspaceProcedure("write");
export const adminProcedure = workspaceProcedure("admin");
export const ingestProcedure = workspaceProcedure("ingest");
