import { z } from "zod";
import { id, json, label, text, time } from "./fields";
import { checkCtaOptions, ctaRequestFields, memoryRecordFields, metricFields } from "./records";

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
    /** One of Steward's agent types; an agent of another framework names itself instead. */
    agentType: z.enum(agentTypeValues).nullish(),
    /** The agent's own name, kept as sent (required when no `agentType` is given). */
    agentName: label.nullish(),
    /** The distributed trace this invocation belongs to (an OTLP trace id, hex). */
    traceId: label.nullish(),
    /** The client's own conversation or session id, kept as text. */
    conversationKey: label.nullish(),
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
  )
  .refine((event) => event.agentType != null || event.agentName != null, {
    message: "an invocation names its agent: an agentType, an agentName, or both",
    path: ["agentType"],
  });

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

// Records also written through a procedure: their fields and rules are defined once, in
// records.ts; an event adds its own id and type, and the record's id, required here.
export const memoryRecordedEvent = z.object({
  ...eventBase,
  type: z.literal("memory.recorded"),
  id,
  ...memoryRecordFields.shape,
});

export const ctaRequestedEvent = z
  .object({ ...eventBase, type: z.literal("cta.requested"), id, ...ctaRequestFields.shape })
  .superRefine(checkCtaOptions);

export const metricRecordedEvent = z.object({
  ...eventBase,
  type: z.literal("metric.recorded"),
  id,
  ...metricFields.shape,
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
