import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../database";
import { userSettings, users } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type UserRef = Scope & { id: string };

export type NewUser = Omit<typeof users.$inferInsert, "id" | "createdAt" | "updatedAt">;
export type UserChanges = Partial<Omit<NewUser, "workspaceId">>;

/** Answers undefined when the email is already taken in the workspace. */
export async function createUser(db: Database, input: NewUser) {
  const [user] = await db
    .insert(users)
    .values(input)
    .onConflictDoNothing({ target: [users.workspaceId, users.email] })
    .returning();
  return user;
}

export async function updateUser(
  db: Database,
  { workspaceId, id, changes }: UserRef & { changes: UserChanges },
) {
  const [user] = await db
    .update(users)
    .set(changes)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
    .returning();
  return user;
}

export async function getUser(db: Database, { workspaceId, id }: UserRef) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return user;
}

export function listUsers(db: Database, { workspaceId, page }: Scope & { page: PageParams }) {
  const keyset = newestFirst(users.createdAt, users.id, page.after);
  return db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

export type UserSettingsView = {
  userId: string;
  defaultModel: string | null;
  preferences: Record<string, unknown>;
  updatedAt: Date | null;
};

/**
 * A user's settings, or the defaults when none were saved yet (`updatedAt` null); undefined
 * only when the user does not exist in the workspace.
 */
export async function getUserSettings(
  db: Database,
  { workspaceId, userId }: Scope & { userId: string },
): Promise<UserSettingsView | undefined> {
  const [settings] = await db
    .select({
      userId: users.id,
      defaultModel: userSettings.defaultModel,
      preferences: sql<Record<string, unknown>>`coalesce(${userSettings.preferences}, '{}'::jsonb)`,
      updatedAt: userSettings.updatedAt,
    })
    .from(users)
    .leftJoin(
      userSettings,
      and(eq(userSettings.workspaceId, users.workspaceId), eq(userSettings.userId, users.id)),
    )
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  return settings;
}

export type UserSettingsChanges = {
  /** Null clears it: agents without a model then have no default to fall back on. */
  defaultModel?: string | null | undefined;
  /** Replaces the whole object. */
  preferences?: Record<string, unknown> | undefined;
};

/** Creates the settings row on first use; only the fields given change. */
export async function updateUserSettings(
  db: Database,
  { workspaceId, userId, changes }: Scope & { userId: string; changes: UserSettingsChanges },
) {
  const [settings] = await db
    .insert(userSettings)
    .values({
      workspaceId,
      userId,
      defaultModel: changes.defaultModel ?? null,
      preferences: changes.preferences ?? {},
    })
    .onConflictDoUpdate({
      target: [userSettings.workspaceId, userSettings.userId],
      set: {
        ...(changes.defaultModel !== undefined ? { defaultModel: changes.defaultModel } : {}),
        ...(changes.preferences !== undefined ? { preferences: changes.preferences } : {}),
        updatedAt: sql`now()`,
      },
    })
    .returning({
      userId: userSettings.userId,
      defaultModel: userSettings.defaultModel,
      preferences: userSettings.preferences,
      updatedAt: userSettings.updatedAt,
    });
  return settings satisfies UserSettingsView | undefined;
}
