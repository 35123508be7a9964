import { relations, sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, text, unique, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  createdAt,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
  toMillisecond,
} from "./columns";
import { agentType, finishReason, toolOutputType } from "./enums";
import { workspaceReference } from "./identity";
import { agentInvocations } from "./invocations";
import { stepCostColumns, stepUsageColumns, usageTotalColumns } from "./usage-columns";

/** One model call of an invocation, numbered from 0. */
export const agentSteps = agentSchema.table(
  "agent_steps",
  {
    ...tenantColumns,
    invocationId: uuid("invocation_id").notNull(),
    stepNumber: integer("step_number").notNull(),
    text: text("text"),
    reasoning: text("reasoning"),
    finishReason: finishReason("finish_reason"),
    /** The provider's own word for why it stopped, kept beside the normalized one. */
    rawFinishReason: text("raw_finish_reason"),
    ...stepUsageColumns,
    ...stepCostColumns,
    model: text("model"),
    responseId: text("response_id"),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    ...createdAt,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference(
      "agent_steps_invocation_fk",
      t.workspaceId,
      t.invocationId,
      agentInvocations,
      "cascade",
    ),
    unique("agent_steps_invocation_step_number_unique").on(
      t.workspaceId,
      t.invocationId,
      t.stepNumber,
    ),
    check("agent_steps_step_number_check", sql`"step_number" >= 0`),
  ],
);

export const toolCallStatusValues = ["pending", "running", "completed", "failed"] as const;
export type ToolCallStatus = (typeof toolCallStatusValues)[number];

/** A tool the model asked for during a step, and what came back. */
export const toolCalls = agentSchema.table(
  "tool_calls",
  {
    ...tenantColumns,
    invocationId: uuid("invocation_id").notNull(),
    stepId: uuid("step_id").notNull(),
    /** The provider's id for the call, which pairs the request with its result. */
    toolCallId: text("tool_call_id").notNull(),
    toolName: text("tool_name").notNull(),
    input: jsonb("input").$type<unknown>(),
    outputType: toolOutputType("output_type"),
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    status: text("status").$type<ToolCallStatus>().notNull().default("pending"),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference(
      "tool_calls_invocation_fk",
      t.workspaceId,
      t.invocationId,
      agentInvocations,
      "cascade",
    ),
    tenantReference("tool_calls_step_fk", t.workspaceId, t.stepId, agentSteps, "cascade"),
    index("tool_calls_step_idx").on(t.workspaceId, t.stepId),
    // An invocation's calls are few enough to sort: the list by invocation reads this one.
    index("tool_calls_invocation_idx").on(t.workspaceId, t.invocationId),
    // The list reads newest first (by the millisecond, then id); each other filter has its
    // index, so a page is read in order and stops after `limit + 1` rows.
    index("tool_calls_created_idx").on(t.workspaceId, toMillisecond(t.createdAt), t.id),
    index("tool_calls_tool_name_created_idx").on(
      t.workspaceId,
      t.toolName,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("tool_calls_status_created_idx").on(
      t.workspaceId,
      t.status,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("tool_calls_output_type_created_idx").on(
      t.workspaceId,
      t.outputType,
      toMillisecond(t.createdAt),
      t.id,
    ),
    checkOneOf("tool_calls_status_check", "status", toolCallStatusValues),
  ],
);

/**
 * The usage of the steps that finished on one UTC day, per model (the step's) and agent (its
 * invocation's type and definition): what a usage report reads, so its cost grows with the days
 * and groups asked for, not with the steps behind them. The worker adds each step here in the
 * statement that records it, once, as it adds it to its invocation. It is a ledger of spend:
 * deleting a run or an invocation later does not take back what its steps used.
 */
export const stepUsageDaily = agentSchema.table(
  "step_usage_daily",
  {
    ...tenantColumns,
    day: date("day", { mode: "string" }).notNull(),
    model: text("model"),
    /** Null for agents of other frameworks, which have no Steward type. */
    agentType: agentType("agent_type"),
    agentId: uuid("agent_id"),
    ...usageTotalColumns,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("step_usage_daily_workspace_fk", t.workspaceId),
    // One row per group, a missing model or agent being a group of its own.
    unique("step_usage_daily_group_unique")
      .on(t.workspaceId, t.day, t.model, t.agentType, t.agentId)
      .nullsNotDistinct(),
  ],
);

export const agentStepsRelations = relations(agentSteps, ({ one, many }) => ({
  invocation: one(agentInvocations, {
    fields: [agentSteps.workspaceId, agentSteps.invocationId],
    references: [agentInvocations.workspaceId, agentInvocations.id],
  }),
  toolCalls: many(toolCalls),
}));

export const toolCallsRelations = relations(toolCalls, ({ one }) => ({
  invocation: one(agentInvocations, {
    fields: [toolCalls.workspaceId, toolCalls.invocationId],
    references: [agentInvocations.workspaceId, agentInvocations.id],
  }),
  step: one(agentSteps, {
    fields: [toolCalls.workspaceId, toolCalls.stepId],
    references: [agentSteps.workspaceId, agentSteps.id],
  }),
}));
