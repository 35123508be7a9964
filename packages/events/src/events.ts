import { z } from "zod";
import { ingestLimits } from "./limits";
import { storableJson, storableJsonObject, storableText, timestamp } from "./storable";

// Seed 001's enum values, kept here so clients need not depend on the database package;
// a test in @steward/db checks they equal the schema's.
export const agentTypeValues = [
  "orchestrator",
  "explorer",
  "coder",
  "judge",
  "meta_judge",
] as const;
export const finishReasonValues = [
  "stop",
  "length",
  "content-filter",
  "tool-calls",
  "error",
  "other",
] as const;
export const toolOutputTypeValues = [
  "text",
  "json",
  "execution-denied",
  "error-text",
  "error-json",
  "content",
] as const;
export const memoryKindValues = ["insight", "failure", "decision", "constraint"] as const;
export const ctaKindValues = ["approval", "text", "choice"] as const;
export const featurePhaseValues = [
  "analysis",
  "approaches",
  "judging",
  "implementation",
  "pr",
  "completed",
  "failed",
] as const;

const id = z.uuid();
const text = storableText().max(ingestLimits.maxTextLength);
const label = storableText().trim().min(1).max(ingestLimits.maxNameLength);
const time = timestamp;
const json = storableJson(ingestLimits.maxEventBytes);
const jsonObject = storableJsonObject(ingestLimits.maxEventBytes);

/**
 * A metric's value: finite, and small enough that sums over millions of them stay finite in
 * double precision (a total that overflows would make every aggregate read fail).
 */
export const maxMetricMagnitude = 1e15;
export const metricValue = z.number().finite().min(-maxMetricMagnitude).max(maxMetricMagnitude);
const tokens = z.number().int().min(0).max(100_000_000);

/** Every event names itself (`eventId`, for deduplication) and the entity it describes. */
const eventBase = {
  /** Chosen by the client; sending the same event again changes nothing. */
  eventId: id,
};

export const invocationStartedEvent = z
  .object({
    ...eventBase,
    type: z.literal("invocation.started"),
    invocationId: id,
    agentType: z.enum(agentTypeValues),
    agentId: id.nullish(),
    parentInvocationId: id.nullish(),
    runId: id.nullish(),
    phaseResultId: id.nullish(),
    taskId: id.nullish(),
    conversationId: id.nullish(),
    model: label.nullish(),
    input: json.optional(),
    startedAt: time,
  })
  .refine(
    (event) =>
      [event.phaseResultId, event.taskId, event.conversationId].filter((owner) => owner != null)
        .length <= 1,
    {
      message: "an invocation belongs to at most one of a phase result, a task or a conversation",
      path: ["phaseResultId"],
    },
  );

export const invocationFinishedEvent = z.object({
  ...eventBase,
  type: z.literal("invocation.finished"),
  invocationId: id,
  status: z.enum(["completed", "failed", "cancelled"]),
  output: json.optional(),
  error: text.nullish(),
  finishedAt: time,
});

export const usage = z.object({
  inputTokens: tokens.nullish(),
  outputTokens: tokens.nullish(),
  totalTokens: tokens.nullish(),
  reasoningTokens: tokens.nullish(),
  cacheReadTokens: tokens.nullish(),
  cacheWriteTokens: tokens.nullish(),
});

export const stepFinishedEvent = z.object({
  ...eventBase,
  type: z.literal("step.finished"),
  stepId: id,
  invocationId: id,
  stepNumber: z.number().int().min(0).max(100_000),
  text: text.nullish(),
  reasoning: text.nullish(),
  finishReason: z.enum(finishReasonValues).nullish(),
  /** The provider's own word for why it stopped. */
  rawFinishReason: label.nullish(),
  usage: usage.default({}),
  model: label.nullish(),
  responseId: label.nullish(),
  startedAt: time.nullish(),
  finishedAt: time,
});

export const toolCallStartedEvent = z.object({
  ...eventBase,
  type: z.literal("tool_call.started"),
  /** Steward's id for the call (client-chosen); `toolCallId` is the provider's. */
  id,
  invocationId: id,
  stepId: id,
  toolCallId: label,
  toolName: label,
  input: json.optional(),
  startedAt: time,
});

export const toolCallFinishedEvent = z.object({
  ...eventBase,
  type: z.literal("tool_call.finished"),
  id,
  invocationId: id,
  stepId: id,
  toolCallId: label,
  toolName: label,
  input: json.optional(),
  outputType: z.enum(toolOutputTypeValues),
  output: json.optional(),
  error: text.nullish(),
  startedAt: time.nullish(),
  finishedAt: time,
});

export const memoryRecordedEvent = z.object({
  ...eventBase,
  type: z.literal("memory.recorded"),
  id,
  runId: id,
  phase: z.enum(featurePhaseValues).nullish(),
  kind: z.enum(memoryKindValues),
  content: text.min(1),
  sourceInvocationId: id.nullish(),
  metadata: jsonObject.nullish(),
});

export const ctaRequestedEvent = z
  .object({
    ...eventBase,
    type: z.literal("cta.requested"),
    id,
    kind: z.enum(ctaKindValues),
    prompt: text.min(1),
    options: z.array(label).min(1).max(50).nullish(),
    runId: id.nullish(),
    invocationId: id.nullish(),
    expiresAt: time.nullish(),
  })
  .refine((event) => (event.kind === "choice") === (event.options != null), {
    message: "options are required for a choice and not allowed otherwise",
    path: ["options"],
  });

export const metricRecordedEvent = z.object({
  ...eventBase,
  type: z.literal("metric.recorded"),
  id,
  metricType: label,
  value: metricValue,
  metadata: jsonObject.nullish(),
  projectId: id.nullish(),
  agentId: id.nullish(),
  taskId: id.nullish(),
  runId: id.nullish(),
  recordedAt: time.nullish(),
});

/** Version 1 of the telemetry event contract. */
export const telemetryEvent = z.discriminatedUnion("type", [
  invocationStartedEvent,
  invocationFinishedEvent,
  stepFinishedEvent,
  toolCallStartedEvent,
  toolCallFinishedEvent,
  memoryRecordedEvent,
  ctaRequestedEvent,
  metricRecordedEvent,
]);

export type TelemetryEvent = z.infer<typeof telemetryEvent>;
export type TelemetryEventInput = z.input<typeof telemetryEvent>;
export type TelemetryEventType = TelemetryEvent["type"];
export const contractVersion = 1;
