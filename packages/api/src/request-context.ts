import { apiKeyPrefix, type Database, findUsableApiKey, recordApiKeyUse } from "@steward/db";
import type { ApiContext, ApiLogger } from "./context";

export type RequestContextDependencies = { db: Database; logger: ApiLogger; requestId?: string };

/** The thin adapter: reads the bearer key of a request and resolves it to a caller. */
export async function createRequestContext(
  { db, logger, requestId }: RequestContextDependencies,
  headers: Headers,
): Promise<ApiContext> {
  const base = requestId === undefined ? { db, logger } : { db, logger, requestId };
  const header = headers.get("authorization");
  if (!header) return { ...base, auth: null, authProblem: "Missing `Authorization: Bearer …`" };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const plainKey = match?.[1];
  if (!plainKey?.startsWith(apiKeyPrefix)) {
    return {
      ...base,
      auth: null,
      authProblem: `Expected \`Authorization: Bearer ${apiKeyPrefix}…\``,
    };
  }
  const key = await findUsableApiKey(db, plainKey);
  if (!key) return { ...base, auth: null, authProblem: "Unknown, revoked or expired API key" };
  await recordApiKeyUse(db, key);
  return {
    ...base,
    auth: { workspaceId: key.workspaceId, keyId: key.id, scopes: key.scopes, userId: key.userId },
  };
}
