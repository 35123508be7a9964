import { apiKeyPrefix, type Database, findUsableApiKey, recordApiKeyUse } from "@steward/db";
import type { ChangeFeed } from "./change-feed";
import type { ApiContext, ApiLogger } from "./context";

export type RequestContextDependencies = {
  db: Database;
  logger: ApiLogger;
  requestId?: string;
  changes?: ChangeFeed;
  /**
   * The key of the browser's console session (its cookie), read by the app; used only when the
   * request has no Authorization header, which always wins.
   */
  sessionKey?: string;
};

/** The thin adapter: reads the bearer key (or the console session's) and resolves it to a caller. */
export async function createRequestContext(
  { db, logger, requestId, changes, sessionKey }: RequestContextDependencies,
  headers: Headers,
): Promise<ApiContext> {
  const base: ApiContext = { db, logger, auth: null };
  if (requestId !== undefined) base.requestId = requestId;
  if (changes) base.changes = changes;
  const header = headers.get("authorization");
  if (!header) {
    if (sessionKey === undefined) {
      return { ...base, authProblem: "Missing `Authorization: Bearer …`" };
    }
    return authenticate(
      base,
      sessionKey,
      "The console session's key is unknown, revoked or expired: sign in again",
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const plainKey = match?.[1];
  if (!plainKey?.startsWith(apiKeyPrefix)) {
    return { ...base, authProblem: `Expected \`Authorization: Bearer ${apiKeyPrefix}…\`` };
  }
  return authenticate(base, plainKey, "Unknown, revoked or expired API key");
}

async function authenticate(base: ApiContext, plainKey: string, problem: string) {
  const key = plainKey.startsWith(apiKeyPrefix)
    ? await findUsableApiKey(base.db, plainKey)
    : undefined;
  if (!key) return { ...base, authProblem: problem };
  await recordApiKeyUse(base.db, key);
  return {
    ...base,
    auth: {
      workspaceId: key.workspaceId,
      keyId: key.id,
      scopes: key.scopes,
      userId: key.userId,
      rateLimit: { perSecond: key.rateLimitPerSecond, burst: key.rateLimitBurst },
    },
  };
}
