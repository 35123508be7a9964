import {
  createUser,
  getUser,
  getUserSettings,
  listUsers,
  updateUser,
  updateUserSettings,
} from "@steward/db";
import { z } from "zod";
import { userRow, userSettingsView } from "../contracts/identity";
import { pageOf } from "../contracts/page";
import { AppError, found } from "../errors";
import { id, jsonObject, name, text, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { adminProcedure, readProcedure, router, writeProcedure } from "../trpc";

// Stored lower-cased, so one address cannot be registered twice in different cases.
const email = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());

export const usersRouter = router({
  /** People are managed by an admin; the email is unique in the workspace. */
  create: adminProcedure
    .output(userRow)
    .input(z.object({ email, name: name.nullish() }))
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.db, { ...input, workspaceId: ctx.workspaceId });
      if (!user) {
        throw new AppError("CONFLICT", "A user with this email already exists in the workspace", {
          field: "email",
        });
      }
      return user;
    }),

  update: adminProcedure
    .output(userRow)
    .input(updateInput({ email: email.optional(), name: name.nullish() }))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(await updateUser(ctx.db, { workspaceId: ctx.workspaceId, id, changes }), "User", "id"),
    ),

  get: readProcedure
    .output(userRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(await getUser(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }), "User", "id"),
    ),

  list: readProcedure
    .output(pageOf(userRow))
    .input(z.object({ ...pageInput }))
    .query(async ({ ctx, input }) =>
      toPage(
        await listUsers(ctx.db, {
          workspaceId: ctx.workspaceId,
          page: { limit: input.limit, after: input.cursor },
        }),
        input.limit,
      ),
    ),

  /** The user's defaults; a user who never saved any gets the empty defaults. */
  settings: readProcedure
    .output(userSettingsView)
    .input(z.object({ userId: id }))
    .query(async ({ ctx, input }) =>
      found(
        await getUserSettings(ctx.db, { workspaceId: ctx.workspaceId, userId: input.userId }),
        "User",
        "userId",
      ),
    ),

  /**
   * A key acting for a user may change that user's own settings; anyone else's need admin.
   * `preferences` replaces the stored object; a null `defaultModel` clears it.
   */
  updateSettings: writeProcedure
    .output(userSettingsView)
    .input(
      z.object({
        userId: id,
        defaultModel: text().trim().min(1).max(200).nullish(),
        preferences: jsonObject.optional(),
      }),
    )
    .mutation(async ({ ctx, input: { userId, ...changes } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getUser(ctx.db, { ...scope, id: userId }), "User", "userId");
      if (ctx.auth.userId !== userId && !ctx.auth.scopes.includes("admin")) {
        throw new AppError(
          "FORBIDDEN",
          "Only an admin key, or a key acting for this user, may change their settings",
          { field: "userId" },
        );
      }
      return found(await updateUserSettings(ctx.db, { ...scope, userId, changes }), "Settings");
    }),
});
