import { type ApiContext, type ApiLogger, createRequestContext, keyGrants } from "@steward/api";
import type { Database } from "@steward/db";
import type { Context } from "hono";

/** A plain-HTTP route's error answer. */
export function problem(code: string, message: string) {
  return { error: { code, message } };
}

export type Ingester = ApiContext & { auth: NonNullable<ApiContext["auth"]> };

/**
 * The caller of an ingestion route, holding the `ingest` scope, or the 401/403 to answer.
 * Admission (createAdmission), where it runs in front, has already resolved the caller and
 * meters what it sends through `observeIngest`; only without it is the key looked up here.
 */
export async function resolveIngester(
  c: Context,
  deps: { db: Database; logger: ApiLogger },
): Promise<Ingester | Response> {
  const context =
    (c.var.apiContext as ApiContext | undefined) ??
    (await createRequestContext(deps, c.req.raw.headers));
  if (!context.auth) return c.json(problem("UNAUTHORIZED", context.authProblem ?? "No key"), 401);
  if (!keyGrants(context.auth.scopes, "ingest")) {
    return c.json(problem("FORBIDDEN", 'This key lacks the "ingest" scope'), 403);
  }
  return context as Ingester;
}
