import { relations, sql } from "drizzle-orm";
import { check, index, integer, jsonb, text, unique, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  createdAt,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { finishReason, toolOutputType } from "./enums";
import { agentInvocations } from "./invocations";
import { stepUsageColumns } from "./usage-columns";

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
    index("tool_calls_invocation_idx").on(t.workspaceId, t.invocationId),
    checkOneOf("tool_calls_status_check", "status", toolCallStatusValues),
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
