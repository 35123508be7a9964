import {
  apiKeyScopeValues,
  createApiKey,
  findKeyIdentity,
  listApiKeys,
  revokeApiKey,
  setApiKeyRateLimit,
} from "@steward/db";
import { z } from "zod";
import { apiKeyRow, callerIdentity, createdApiKey } from "../contracts/identity";
import { found } from "../errors";
import { id, name, timestamp } from "../inputs";
import { adminProcedure, keyProcedure, router } from "../trpc";
import { requireReferences } from "./require-references";

/** Events a second (or at once): a Postgres integer, at least one. */
const rateLimitFigure = z.number().int().min(1).max(2_147_483_647);

/** Keys grant power over the whole workspace, so only an admin key manages them. */
export const apiKeysRouter = router({
  /** Who the calling key is; any usable key may ask, whatever its scopes. */
  current: keyProcedure
    .output(callerIdentity)
    .query(async ({ ctx }) =>
      found(
        await findKeyIdentity(ctx.db, { workspaceId: ctx.workspaceId, keyId: ctx.auth.keyId }),
        "API key",
      ),
    ),

  /** The plain key is in this answer and nowhere else, ever: the database keeps a hash. */
  create: adminProcedure
    .output(createdApiKey)
    .input(
      z.object({
        name,
        scopes: z.array(z.enum(apiKeyScopeValues)).min(1).max(apiKeyScopeValues.length),
        /** The user the key acts for: their settings apply to its calls. */
        userId: id.nullish(),
        expiresAt: timestamp
          .refine((date) => date.getTime() > Date.now(), "must be in the future")
          .nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "userId", kind: "user", id: input.userId },
      ]);
      const { plainKey, record } = await createApiKey(ctx.db, {
        ...input,
        workspaceId: ctx.workspaceId,
      });
      return { key: plainKey, record };
    }),

  /** Revoked and expired keys too, newest first; never a hash or a key. */
  list: adminProcedure
    .output(z.array(apiKeyRow))
    .query(({ ctx }) => listApiKeys(ctx.db, { workspaceId: ctx.workspaceId })),

  /**
   * The key's own rate limit in events a second, and its burst (default: twice the rate); null
   * gives it back the server's default. It applies from the key's next request.
   */
  setRateLimit: adminProcedure
    .output(apiKeyRow)
    .input(
      z.object({
        id,
        perSecond: rateLimitFigure.nullable(),
        burst: rateLimitFigure.nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      found(
        await setApiKeyRateLimit(ctx.db, {
          workspaceId: ctx.workspaceId,
          id: input.id,
          perSecond: input.perSecond,
          burst: input.perSecond === null ? null : (input.burst ?? null),
        }),
        "API key",
        "id",
      ),
    ),

  /**
   * Idempotent: a revoked key stays revoked from its first revocation. A key may revoke
   * itself, e.g. to retire a leaked admin key once its replacement exists.
   */
  revoke: adminProcedure
    .output(apiKeyRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await revokeApiKey(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "API key",
        "id",
      ),
    ),
});
