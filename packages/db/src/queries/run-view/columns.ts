import { type AnyColumn, is, SQL, sql } from "drizzle-orm";
import { PgTimestamp } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import { agentInvocations, agentSteps, featureRuns, phaseResults, toolCalls } from "../../schema";
import { invocationListColumns } from "../invocations";

/*
 * The select shapes of a run view. Each is the contract of what it answers: a column reaches an
 * answer only by being named here, so a column added to a table stays out until someone adds it.
 * The skeleton leaves out every free-text and JSON column, whose size has no bound worth
 * shipping a thousand times; `readRunViewDetails` answers those for the ids a client opens.
 */

/** The row a select shape answers. */
export type RowOf<Columns> = SelectResultFields<Columns>;

/** A value as it travels in an answer: a timestamp as the ISO text `Date#toJSON` writes. */
type Answered<T> = T extends Date ? string : T;
export type AnsweredRow<Columns> = { [K in keyof RowOf<Columns>]: Answered<RowOf<Columns>[K]> };

type Shape = Record<string, AnyColumn | SQL.Aliased>;

/**
 * A shape the driver answers ready to send: each value under its answer key, each timestamp as
 * ISO text. Read through `db.execute`, its rows skip drizzle's per-value mapping, a third of the
 * cost of thousands of rows. Only for shapes without bigint or JSON columns, which the two
 * stores' drivers answer differently.
 */
export function driverReady<S extends Shape>(
  shape: S,
): { [K in keyof S]: SQL.Aliased<AnsweredRow<S>[K & keyof AnsweredRow<S>]> } {
  const fields = Object.entries(shape).map(([key, field]) => {
    const value = is(field, SQL.Aliased)
      ? field.sql
      : is(field, PgTimestamp)
        ? sql`to_char(${field} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : sql`${field}`;
    return [key, value.as(key)];
  });
  return Object.fromEntries(fields);
}

/** A run without `request`, `input`, `result` and `error` (`runs.get` answers them). */
export const runSkeletonColumns = {
  workspaceId: featureRuns.workspaceId,
  id: featureRuns.id,
  projectId: featureRuns.projectId,
  featureId: featureRuns.featureId,
  sandboxId: featureRuns.sandboxId,
  title: featureRuns.title,
  currentPhase: featureRuns.currentPhase,
  branchName: featureRuns.branchName,
  pullRequestUrl: featureRuns.pullRequestUrl,
  inputTokens: featureRuns.inputTokens,
  outputTokens: featureRuns.outputTokens,
  totalTokens: featureRuns.totalTokens,
  reasoningTokens: featureRuns.reasoningTokens,
  cacheReadTokens: featureRuns.cacheReadTokens,
  cacheWriteTokens: featureRuns.cacheWriteTokens,
  stepCount: featureRuns.stepCount,
  costUsd: featureRuns.costUsd,
  unpricedStepCount: featureRuns.unpricedStepCount,
  startedAt: featureRuns.startedAt,
  finishedAt: featureRuns.finishedAt,
  createdAt: featureRuns.createdAt,
  updatedAt: featureRuns.updatedAt,
};

/** A phase attempt without `output` and `error` (`runs.phaseResults` answers them). */
export const phaseSkeletonColumns = {
  id: phaseResults.id,
  phase: phaseResults.phase,
  attempt: phaseResults.attempt,
  status: phaseResults.status,
  startedAt: phaseResults.startedAt,
  finishedAt: phaseResults.finishedAt,
};

/**
 * An invocation as a list shows it (rollups, parent, owner, timing), plus whether it has an
 * error to open. Invocations are few beside steps, so they carry the list row whole.
 */
export const invocationSkeletonColumns = {
  ...invocationListColumns,
  hasError: sql<boolean>`${agentInvocations.error} is not null`.as("has_error"),
};

/** A step's usage and timing; its text and reasoning are details. */
export const stepSkeletonColumns = {
  id: agentSteps.id,
  invocationId: agentSteps.invocationId,
  stepNumber: agentSteps.stepNumber,
  finishReason: agentSteps.finishReason,
  inputTokens: agentSteps.inputTokens,
  outputTokens: agentSteps.outputTokens,
  totalTokens: agentSteps.totalTokens,
  reasoningTokens: agentSteps.reasoningTokens,
  cacheReadTokens: agentSteps.cacheReadTokens,
  cacheWriteTokens: agentSteps.cacheWriteTokens,
  costUsd: agentSteps.costUsd,
  model: agentSteps.model,
  startedAt: agentSteps.startedAt,
  finishedAt: agentSteps.finishedAt,
};

/** A tool call's name, outcome and timing; its input, output and error text are details. */
export const toolCallSkeletonColumns = {
  id: toolCalls.id,
  stepId: toolCalls.stepId,
  toolName: toolCalls.toolName,
  status: toolCalls.status,
  outputType: toolCalls.outputType,
  hasError: sql<boolean>`${toolCalls.error} is not null`.as("has_error"),
  startedAt: toolCalls.startedAt,
  finishedAt: toolCalls.finishedAt,
};

/** Everything of a step the skeleton leaves out. */
export const stepDetailColumns = {
  id: agentSteps.id,
  text: agentSteps.text,
  reasoning: agentSteps.reasoning,
  rawFinishReason: agentSteps.rawFinishReason,
  responseId: agentSteps.responseId,
};

/** Everything of a tool call the skeleton leaves out. */
export const toolCallDetailColumns = {
  id: toolCalls.id,
  toolCallId: toolCalls.toolCallId,
  input: toolCalls.input,
  output: toolCalls.output,
  error: toolCalls.error,
};

/** Everything of an invocation the skeleton leaves out. */
export const invocationDetailColumns = {
  id: agentInvocations.id,
  input: agentInvocations.input,
  output: agentInvocations.output,
  error: agentInvocations.error,
};
