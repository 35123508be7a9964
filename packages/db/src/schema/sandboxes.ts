import { relations } from "drizzle-orm";
import { bigint, index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { sandboxSourceType, sandboxStatus, snapshotStatus } from "./enums";
import { workspaceReference } from "./identity";
import { featureRuns } from "./runs";

/** An isolated environment agents work in; the API enforces its status transitions. */
export const sandboxes = agentSchema.table(
  "sandboxes",
  {
    ...tenantColumns,
    status: sandboxStatus("status").notNull().default("pending"),
    sourceType: sandboxSourceType("source_type").notNull().default("empty"),
    /** A git URL and ref, a tarball URL, or the snapshot id it was restored from. */
    sourceRef: text("source_ref"),
    provider: text("provider"),
    /** The provider's id for the running environment. */
    externalId: text("external_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    error: text("error"),
    startedAt: timestamptz("started_at"),
    stoppedAt: timestamptz("stopped_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("sandboxes_workspace_fk", t.workspaceId),
    index("sandboxes_status_idx").on(t.workspaceId, t.status),
  ],
);

export const sandboxSnapshots = agentSchema.table(
  "sandbox_snapshots",
  {
    ...tenantColumns,
    sandboxId: uuid("sandbox_id").notNull(),
    status: snapshotStatus("status").notNull().default("created"),
    /** Where the provider keeps the snapshot. */
    storageRef: text("storage_ref"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    error: text("error"),
    deletedAt: timestamptz("deleted_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference(
      "sandbox_snapshots_sandbox_fk",
      t.workspaceId,
      t.sandboxId,
      sandboxes,
      "cascade",
    ),
    index("sandbox_snapshots_sandbox_idx").on(t.workspaceId, t.sandboxId),
  ],
);

export const sandboxesRelations = relations(sandboxes, ({ many }) => ({
  snapshots: many(sandboxSnapshots),
  runs: many(featureRuns),
}));

export const sandboxSnapshotsRelations = relations(sandboxSnapshots, ({ one }) => ({
  sandbox: one(sandboxes, {
    fields: [sandboxSnapshots.workspaceId, sandboxSnapshots.sandboxId],
    references: [sandboxes.workspaceId, sandboxes.id],
  }),
}));
