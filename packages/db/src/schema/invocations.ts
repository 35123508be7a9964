import { relations, sql } from "drizzle-orm";
import { check, index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { agents } from "./agents";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
  toMillisecond,
} from "./columns";
import { conversations } from "./conversations";
import { agentType } from "./enums";
import { workspaceReference } from "./identity";
import { featureRuns, phaseResults } from "./runs";
import { agentSteps, toolCalls } from "./steps";
import { tasks } from "./tasks";
import { usageTotalColumns } from "./usage-columns";

export const invocationStatusValues = ["running", "completed", "failed", "cancelled"] as const;
export type InvocationStatus = (typeof invocationStatusValues)[number];

/**
 * One invocation of an agent on a piece of work. It belongs to a phase result, a task, a
 * conversation, or none, and may have a parent, so a run is a tree. Token totals and the step
 * count are rolled up from its steps.
 */
export const agentInvocations = agentSchema.table(
  "agent_invocations",
  {
    ...tenantColumns,
    /** Null for an agent of another framework: its type is never guessed from its name. */
    agentType: agentType("agent_type"),
    /** The agent's own name, as its framework reported it (OTLP `gen_ai.agent.name`). */
    agentName: text("agent_name"),
    /** The distributed trace the invocation was recorded from (OTLP trace id, hex). */
    traceId: text("trace_id"),
    /** The client's own conversation or session id, kept as text (not a Steward conversation). */
    conversationKey: text("conversation_key"),
    /** The definition that ran, when known. */
    agentId: uuid("agent_id"),
    parentInvocationId: uuid("parent_invocation_id"),
    /** The run this invocation counts toward; set with `phase_result_id`, or alone. */
    runId: uuid("run_id"),
    phaseResultId: uuid("phase_result_id"),
    taskId: uuid("task_id"),
    conversationId: uuid("conversation_id"),
    model: text("model"),
    status: text("status").$type<InvocationStatus>().notNull().default("running"),
    input: jsonb("input").$type<unknown>(),
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    ...usageTotalColumns,
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("agent_invocations_workspace_fk", t.workspaceId),
    tenantReference("agent_invocations_agent_fk", t.workspaceId, t.agentId, agents, "no action"),
    tenantReference(
      "agent_invocations_parent_fk",
      t.workspaceId,
      t.parentInvocationId,
      t,
      "cascade",
    ),
    tenantReference("agent_invocations_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    tenantReference(
      "agent_invocations_phase_result_fk",
      t.workspaceId,
      t.phaseResultId,
      phaseResults,
      "cascade",
    ),
    tenantReference("agent_invocations_task_fk", t.workspaceId, t.taskId, tasks, "cascade"),
    tenantReference(
      "agent_invocations_conversation_fk",
      t.workspaceId,
      t.conversationId,
      conversations,
      "cascade",
    ),
    index("agent_invocations_phase_result_agent_type_idx").on(
      t.workspaceId,
      t.phaseResultId,
      t.agentType,
    ),
    // The list reads newest first (by the millisecond, then id); each filter has its index, so
    // a page is read in order and stops after `limit + 1` rows.
    index("agent_invocations_created_idx").on(t.workspaceId, toMillisecond(t.createdAt), t.id),
    index("agent_invocations_agent_type_created_idx").on(
      t.workspaceId,
      t.agentType,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("agent_invocations_agent_created_idx").on(
      t.workspaceId,
      t.agentId,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("agent_invocations_model_created_idx").on(
      t.workspaceId,
      t.model,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("agent_invocations_status_created_idx").on(
      t.workspaceId,
      t.status,
      toMillisecond(t.createdAt),
      t.id,
    ),
    // Retention finds the top-level invocations outside any run that finished before a cutoff.
    index("agent_invocations_root_finished_idx")
      .on(t.workspaceId, t.finishedAt)
      .where(sql`${t.runId} is null and ${t.parentInvocationId} is null`),
    index("agent_invocations_parent_created_idx").on(
      t.workspaceId,
      t.parentInvocationId,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("agent_invocations_run_created_idx").on(
      t.workspaceId,
      t.runId,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("agent_invocations_trace_idx").on(t.workspaceId, t.traceId),
    index("agent_invocations_conversation_key_idx").on(t.workspaceId, t.conversationKey),
    index("agent_invocations_task_idx").on(t.workspaceId, t.taskId),
    index("agent_invocations_conversation_idx").on(t.workspaceId, t.conversationId),
    checkOneOf("agent_invocations_status_check", "status", invocationStatusValues),
    check(
      "agent_invocations_one_owner_check",
      sql`num_nonnulls("phase_result_id", "task_id", "conversation_id") <= 1`,
    ),
    check(
      "agent_invocations_phase_has_run_check",
      sql`"phase_result_id" is null or "run_id" is not null`,
    ),
  ],
);

export const agentInvocationsRelations = relations(agentInvocations, ({ one, many }) => ({
  agent: one(agents, {
    fields: [agentInvocations.workspaceId, agentInvocations.agentId],
    references: [agents.workspaceId, agents.id],
  }),
  parent: one(agentInvocations, {
    fields: [agentInvocations.workspaceId, agentInvocations.parentInvocationId],
    references: [agentInvocations.workspaceId, agentInvocations.id],
    relationName: "invocation_parent",
  }),
  children: many(agentInvocations, { relationName: "invocation_parent" }),
  run: one(featureRuns, {
    fields: [agentInvocations.workspaceId, agentInvocations.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
  phaseResult: one(phaseResults, {
    fields: [agentInvocations.workspaceId, agentInvocations.phaseResultId],
    references: [phaseResults.workspaceId, phaseResults.id],
  }),
  task: one(tasks, {
    fields: [agentInvocations.workspaceId, agentInvocations.taskId],
    references: [tasks.workspaceId, tasks.id],
  }),
  conversation: one(conversations, {
    fields: [agentInvocations.workspaceId, agentInvocations.conversationId],
    references: [conversations.workspaceId, conversations.id],
  }),
  steps: many(agentSteps),
  toolCalls: many(toolCalls),
}));
