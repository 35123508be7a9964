import { relations } from "drizzle-orm";
import { index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { createdAt, tenantColumns, tenantPrimaryKey, tenantReference } from "./columns";
import { featurePhase, memoryKind } from "./enums";
import { agentInvocations } from "./invocations";
import { featureRuns } from "./runs";

/** What a run learned: insights, failures, decisions and constraints, per phase. */
export const memoryRecords = agentSchema.table(
  "memory_records",
  {
    ...tenantColumns,
    runId: uuid("run_id").notNull(),
    phase: featurePhase("phase"),
    kind: memoryKind("kind").notNull(),
    content: text("content").notNull(),
    sourceInvocationId: uuid("source_invocation_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    ...createdAt,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("memory_records_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    tenantReference(
      "memory_records_source_invocation_fk",
      t.workspaceId,
      t.sourceInvocationId,
      agentInvocations,
      "cascade",
    ),
    index("memory_records_run_phase_idx").on(t.workspaceId, t.runId, t.phase),
  ],
);

export const memoryRecordsRelations = relations(memoryRecords, ({ one }) => ({
  run: one(featureRuns, {
    fields: [memoryRecords.workspaceId, memoryRecords.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
  sourceInvocation: one(agentInvocations, {
    fields: [memoryRecords.workspaceId, memoryRecords.sourceInvocationId],
    references: [agentInvocations.workspaceId, agentInvocations.id],
  }),
}));
