import { apiKeyScopeValues, apiKeys, userSettings, users } from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { internal, publicRow, tenantKey, timestamps } from "./public-row";

export const userRow = publicRow(users, {
  ...tenantKey,
  email: true,
  name: true,
  ...timestamps,
}).meta({ id: "User" });

const settingsRow = publicRow(userSettings, {
  workspaceId: true,
  userId: true,
  defaultModel: true,
  preferences: jsonObject,
  ...timestamps,
});

/** A user's settings; `updatedAt` is null while they are the defaults nobody saved. */
export const userSettingsView = settingsRow
  .pick({ userId: true, defaultModel: true, preferences: true })
  .extend({ updatedAt: z.date().nullable() })
  .meta({ id: "UserSettings" });

/**
 * An API key as it is listed. `keyHash` is internal: authentication looks a key up by it, so it
 * never leaves the database. `prefix` is public by design: the key's first characters, enough to
 * tell keys apart and too few to use one.
 */
export const apiKeyRow = publicRow(apiKeys, {
  ...tenantKey,
  name: true,
  userId: true,
  prefix: true,
  keyHash: internal("what authentication looks a presented key up by"),
  scopes: z.array(z.enum(apiKeyScopeValues)),
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  rateLimitPerSecond: true,
  rateLimitBurst: true,
  ...timestamps,
}).meta({ id: "ApiKey" });

/** The plain key is in this answer only, once. */
export const createdApiKey = z.object({ key: z.string(), record: apiKeyRow });

/** Who the calling key is: `apiKeys.current`. */
export const callerIdentity = z
  .object({
    workspaceId: z.uuid(),
    workspaceName: z.string(),
    keyId: z.uuid(),
    keyName: z.string(),
    scopes: z.array(z.enum(apiKeyScopeValues)),
    userId: z.uuid().nullable(),
    userName: z.string().nullable(),
  })
  .meta({ id: "CallerIdentity" });
