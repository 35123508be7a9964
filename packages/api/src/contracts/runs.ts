import {
  agentInvocations,
  agentSteps,
  featureRuns,
  invocationStatusValues,
  phaseResults,
  toolCallStatusValues,
  toolCalls,
} from "@steward/db";
import { z } from "zod";
import { usd } from "./money";
import { createdAt, publicRow, tenantKey, timestamps } from "./public-row";

const usageTotals = {
  inputTokens: true,
  outputTokens: true,
  totalTokens: true,
  reasoningTokens: true,
  cacheReadTokens: true,
  cacheWriteTokens: true,
  stepCount: true,
  /** The priced steps' cost; null while none is priced. */
  costUsd: usd,
  /** Steps whose cost is unknown: when any, `costUsd` is only part of the cost. */
  unpricedStepCount: true,
} as const;

export const runRow = publicRow(featureRuns, {
  ...tenantKey,
  projectId: true,
  featureId: true,
  sandboxId: true,
  title: true,
  request: true,
  currentPhase: true,
  input: true,
  result: true,
  error: true,
  branchName: true,
  pullRequestUrl: true,
  ...usageTotals,
  startedAt: true,
  finishedAt: true,
  ...timestamps,
}).meta({ id: "Run" });

export const phaseResultRow = publicRow(phaseResults, {
  ...tenantKey,
  runId: true,
  phase: true,
  attempt: true,
  status: true,
  output: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  ...timestamps,
}).meta({ id: "PhaseResult" });

export const invocationRow = publicRow(agentInvocations, {
  ...tenantKey,
  agentType: true,
  agentName: true,
  traceId: true,
  conversationKey: true,
  agentId: true,
  parentInvocationId: true,
  runId: true,
  phaseResultId: true,
  taskId: true,
  conversationId: true,
  model: true,
  status: z.enum(invocationStatusValues),
  input: true,
  output: true,
  error: true,
  ...usageTotals,
  startedAt: true,
  finishedAt: true,
  ...timestamps,
}).meta({ id: "Invocation" });

export const stepRow = publicRow(agentSteps, {
  ...tenantKey,
  invocationId: true,
  stepNumber: true,
  text: true,
  reasoning: true,
  finishReason: true,
  rawFinishReason: true,
  inputTokens: true,
  outputTokens: true,
  totalTokens: true,
  reasoningTokens: true,
  cacheReadTokens: true,
  cacheWriteTokens: true,
  /** Null when unknown (the model has no price, or the step reported no usage), never 0. */
  costUsd: usd,
  model: true,
  responseId: true,
  startedAt: true,
  finishedAt: true,
  ...createdAt,
}).meta({ id: "Step" });

export const toolCallRow = publicRow(toolCalls, {
  ...tenantKey,
  invocationId: true,
  stepId: true,
  toolCallId: true,
  toolName: true,
  input: true,
  outputType: true,
  output: true,
  error: true,
  status: z.enum(toolCallStatusValues),
  startedAt: true,
  finishedAt: true,
  ...timestamps,
}).meta({ id: "ToolCall" });

const stepNode = stepRow.extend({ toolCalls: z.array(toolCallRow) }).meta({ id: "StepNode" });

type InvocationNode = z.output<typeof invocationRow> & {
  steps: z.output<typeof stepNode>[];
  children: InvocationNode[];
};

/** An invocation with its steps (and their tool calls) and the invocations it started. */
const invocationNode: z.ZodType<InvocationNode, InvocationNode> = invocationRow
  .extend({
    steps: z.array(stepNode),
    get children() {
      return z.array(invocationNode);
    },
  })
  .meta({ id: "InvocationNode" });

const phaseNode = phaseResultRow
  .extend({ invocations: z.array(invocationNode) })
  .meta({ id: "PhaseNode" });

/** A whole run for a timeline (`getRunTree`): phases → invocations (nested) → steps → tool calls. */
export const runTree = z.object({
  run: runRow,
  phases: z.array(phaseNode),
  unattachedInvocations: z.array(invocationNode),
});
