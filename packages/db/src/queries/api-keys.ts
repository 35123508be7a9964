import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type ApiKeyScope, apiKeys, users, workspaces } from "../schema";

/** Every Steward key starts with this, so a leaked one is recognisable (and scannable). */
export const apiKeyPrefix = "stw_";

export function hashApiKey(plainKey: string): string {
  return createHash("sha256").update(plainKey).digest("hex");
}

export type CreateApiKeyInput = {
  workspaceId: string;
  name: string;
  scopes: ApiKeyScope[];
  userId?: string | null;
  expiresAt?: Date | null;
};

/** Creates a key and returns it in plain text: the only time it exists outside the caller's hands. */
export async function createApiKey(db: Database, input: CreateApiKeyInput) {
  const plainKey = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
  const [record] = await db
    .insert(apiKeys)
    .values({
      workspaceId: input.workspaceId,
      name: input.name,
      userId: input.userId ?? null,
      prefix: plainKey.slice(0, apiKeyPrefix.length + 8),
      keyHash: hashApiKey(plainKey),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  if (!record) throw new Error("createApiKey: no row returned");
  return { plainKey, record: withoutHash(record) };
}

export type ApiKeyRecord = ReturnType<typeof withoutHash>;

function withoutHash<T extends { keyHash: string }>({ keyHash: _hash, ...rest }: T) {
  return rest;
}

/** The key a caller presented, if it exists, is not revoked and has not expired. */
export async function findUsableApiKey(db: Database, plainKey: string) {
  const [record] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, hashApiKey(plainKey)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  return record ? withoutHash(record) : undefined;
}

const lastUsedPrecisionMs = 60_000;

/**
 * Records that a key was used, at most once a minute per key, so busy clients do not turn
 * every read into a write. The caller passes the key as it just looked it up: a recent
 * `lastUsedAt` skips the round trip altogether; the WHERE keeps racing requests to one write.
 */
export async function recordApiKeyUse(
  db: Database,
  key: { workspaceId: string; id: string; lastUsedAt: Date | null },
) {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < lastUsedPrecisionMs) return;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.workspaceId, key.workspaceId),
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}

/** Who a key is, by name: its workspace, itself, and the user it acts for if any. */
export async function findKeyIdentity(
  db: Database,
  { workspaceId, keyId }: { workspaceId: string; keyId: string },
) {
  const [identity] = await db
    .select({
      workspaceId: apiKeys.workspaceId,
      workspaceName: workspaces.name,
      keyId: apiKeys.id,
      keyName: apiKeys.name,
      scopes: apiKeys.scopes,
      userId: apiKeys.userId,
      userName: users.name,
    })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .leftJoin(users, and(eq(users.workspaceId, apiKeys.workspaceId), eq(users.id, apiKeys.userId)))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, keyId)));
  return identity;
}

export async function listApiKeys(db: Database, { workspaceId }: { workspaceId: string }) {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(withoutHash);
}

/**
 * Gives a key of the workspace its own rate limit, or takes it away (null: the server's
 * default); answers undefined when the workspace has no such key.
 */
export async function setApiKeyRateLimit(
  db: Database,
  key: { workspaceId: string; id: string; perSecond: number | null; burst: number | null },
) {
  const [record] = await db
    .update(apiKeys)
    .set({ rateLimitPerSecond: key.perSecond, rateLimitBurst: key.burst })
    .where(and(eq(apiKeys.workspaceId, key.workspaceId), eq(apiKeys.id, key.id)))
    .returning();
  return record ? withoutHash(record) : undefined;
}

/** Revokes a key of the workspace; answers undefined when the workspace has no such key. */
export async function revokeApiKey(db: Database, key: { workspaceId: string; id: string }) {
  const [record] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.workspaceId, key.workspaceId), eq(apiKeys.id, key.id)))
    .returning();
  return record ? withoutHash(record) : undefined;
}
