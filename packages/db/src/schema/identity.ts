import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { conversations } from "./conversations";
import { ctaEvents } from "./cta-events";
import { taskAssignments } from "./tasks";

/** The tenant. Not itself a tenant table: every other table's `workspace_id` points here. */
export const workspaces = agentSchema.table(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique("workspaces_slug_unique"),
    /**
     * Whether this workspace's admin keys may change the global model prices, which every
     * workspace's costs read: granted by the operator only (`pnpm steward prices grant`).
     */
    canEditPrices: boolean("can_edit_prices").notNull().default(false),
    /**
     * Days a finished run or invocation, a metric, a memory record or a checkpoint is kept after
     * it ends; null keeps telemetry for ever (the default).
     */
    telemetryRetentionDays: integer("telemetry_retention_days"),
    ...timestamps,
  },
  (t) => [
    check("workspaces_telemetry_retention_days_positive", sql`${t.telemetryRetentionDays} > 0`),
  ],
);

/** Cascades a whole workspace away with its tenant; spread into every tenant table. */
export function workspaceReference(name: string, workspaceId: AnyPgColumn) {
  return foreignKey({ name, columns: [workspaceId], foreignColumns: [workspaces.id] }).onDelete(
    "cascade",
  );
}

export const users = agentSchema.table(
  "users",
  {
    ...tenantColumns,
    email: text("email").notNull(),
    name: text("name"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("users_workspace_fk", t.workspaceId),
    unique("users_workspace_email_unique").on(t.workspaceId, t.email),
  ],
);

/** Per-user defaults. `default_model` is what an agent with a null `model` runs on (seed 000). */
export const userSettings = agentSchema.table(
  "user_settings",
  {
    workspaceId: tenantColumns.workspaceId,
    userId: uuid("user_id").notNull(),
    defaultModel: text("default_model"),
    preferences: jsonb("preferences").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    tenantReference("user_settings_user_fk", t.workspaceId, t.userId, users, "cascade"),
  ],
);

export const apiKeyScopeValues = ["read", "write", "ingest", "admin"] as const;
export type ApiKeyScope = (typeof apiKeyScopeValues)[number];

/** Only a hash of a key is stored; the key itself is shown once, when it is created. */
export const apiKeys = agentSchema.table(
  "api_keys",
  {
    ...tenantColumns,
    name: text("name").notNull(),
    /** The person the key acts for, when it acts for one: their settings apply to its calls. */
    userId: uuid("user_id"),
    /** The visible start of the key, so an operator can tell keys apart without the secret. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().$type<ApiKeyScope[]>().notNull().default(sql`'{}'::text[]`),
    lastUsedAt: timestamptz("last_used_at"),
    expiresAt: timestamptz("expires_at"),
    revokedAt: timestamptz("revoked_at"),
    /** Events a second this key may send, and how many at once; null takes the server's default. */
    rateLimitPerSecond: integer("rate_limit_per_second"),
    rateLimitBurst: integer("rate_limit_burst"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("api_keys_workspace_fk", t.workspaceId),
    tenantReference("api_keys_user_fk", t.workspaceId, t.userId, users, "cascade"),
    unique("api_keys_workspace_hash_unique").on(t.workspaceId, t.keyHash),
    // Authentication looks a key up before it knows the workspace.
    index("api_keys_hash_idx").on(t.keyHash),
    check(
      "api_keys_scopes_check",
      sql.raw(`"scopes" <@ array['read', 'write', 'ingest', 'admin']::text[]`),
    ),
    check(
      "api_keys_rate_limit_check",
      sql`${t.rateLimitPerSecond} > 0 and ${t.rateLimitBurst} > 0`,
    ),
  ],
);

export const workspacesRelations = relations(workspaces, ({ many }) => ({
  users: many(users),
  apiKeys: many(apiKeys),
}));

export const usersRelations = relations(users, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [users.workspaceId], references: [workspaces.id] }),
  settings: one(userSettings),
  conversations: many(conversations),
  assignmentsMade: many(taskAssignments),
  ctaAnswers: many(ctaEvents),
  apiKeys: many(apiKeys),
}));

export const userSettingsRelations = relations(userSettings, ({ one }) => ({
  user: one(users, {
    fields: [userSettings.workspaceId, userSettings.userId],
    references: [users.workspaceId, users.id],
  }),
}));

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  workspace: one(workspaces, { fields: [apiKeys.workspaceId], references: [workspaces.id] }),
  user: one(users, {
    fields: [apiKeys.workspaceId, apiKeys.userId],
    references: [users.workspaceId, users.id],
  }),
}));
