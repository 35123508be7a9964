import type { TelemetryEventInput } from "@steward/events";
import { newId } from "../ids";
import { asRecord } from "./as-record";
import { fitJson, fitLabel, fitText, jsonBudget } from "./fit-value";
import { mapFinishReason, mapUsage } from "./map-step";
import {
  outcomesInMessages,
  outcomesInStep,
  type ToolCall,
  type ToolOutcome,
  toolCallsOf,
} from "./map-tool-outcome";

/** A call recorded as started whose outcome the SDK has not reported yet. */
export type OpenToolCall = {
  id: string;
  stepId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  startedAt: Date;
};

/**
 * The events for one finished SDK step: `step.finished`, then for each tool call
 * `tool_call.started` and, when its outcome is known, `tool_call.finished`. Calls without an
 * outcome yet (waiting for approval) go into `openCalls`; a later step's tool messages close
 * them.
 */
export function stepEvents({
  invocationId,
  stepNumber,
  step: rawStep,
  openCalls,
  now = new Date(),
}: {
  invocationId: string;
  stepNumber: number;
  step: object;
  openCalls: Map<string, OpenToolCall>;
  now?: Date;
}): TelemetryEventInput[] {
  const step = asRecord(rawStep);
  const response = asRecord(step.response);
  const performance = asRecord(step.performance);
  const stepId = newId();
  const stepTimeMs = duration(performance.stepTimeMs);
  const events: TelemetryEventInput[] = [
    {
      type: "step.finished",
      eventId: newId(),
      stepId,
      invocationId,
      stepNumber,
      text: fitText(step.text),
      reasoning: fitText(step.reasoningText),
      ...mapFinishReason(step.finishReason, step.rawFinishReason),
      usage: mapUsage(step.usage),
      model: fitLabel(response.modelId) ?? fitLabel(asRecord(step.model).modelId),
      responseId: fitLabel(response.id),
      // Only v7 times its steps; an unknown start is left empty rather than guessed.
      startedAt: stepTimeMs === null ? null : new Date(now.getTime() - stepTimeMs),
      finishedAt: now,
    },
  ];

  for (const [toolCallId, outcome] of outcomesInMessages(response.messages)) {
    const open = openCalls.get(toolCallId);
    if (!open) continue;
    openCalls.delete(toolCallId);
    events.push(finishedEvent(invocationId, open, outcome, now));
  }

  const outcomes = outcomesInStep(step);
  const toolExecutionMs = asRecord(performance.toolExecutionMs);
  for (const call of toolCallsOf(step)) {
    // The SDK reports calls only when the step ends; v7's execution time places the start.
    const executionMs = duration(toolExecutionMs[call.toolCallId]);
    const open = openCall(call, stepId, new Date(now.getTime() - (executionMs ?? 0)));
    events.push({
      type: "tool_call.started",
      eventId: newId(),
      ...identity(invocationId, open),
      input: open.input,
      startedAt: open.startedAt,
    });
    const outcome = outcomes.get(call.toolCallId);
    if (outcome) events.push(finishedEvent(invocationId, open, outcome, now));
    else openCalls.set(call.toolCallId, open);
  }
  return events;
}

function openCall(call: ToolCall, stepId: string, startedAt: Date): OpenToolCall {
  return {
    id: newId(),
    stepId,
    toolCallId: fitLabel(call.toolCallId) ?? "unknown",
    toolName: fitLabel(call.toolName) ?? "unknown",
    input: fitJson(call.input),
    startedAt,
  };
}

function finishedEvent(
  invocationId: string,
  call: OpenToolCall,
  outcome: ToolOutcome,
  now: Date,
): TelemetryEventInput {
  return {
    type: "tool_call.finished",
    eventId: newId(),
    ...identity(invocationId, call),
    input: call.input,
    outputType: outcome.outputType,
    output: fitJson(outcome.output),
    error: fitText(outcome.error, jsonBudget),
    startedAt: call.startedAt,
    finishedAt: now,
  };
}

function identity(invocationId: string, call: OpenToolCall) {
  return {
    id: call.id,
    invocationId,
    stepId: call.stepId,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
  };
}

function duration(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}
