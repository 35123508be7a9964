import type { toolOutputTypeValues } from "@steward/events";
import { asRecord } from "./as-record";

export type ToolOutputType = (typeof toolOutputTypeValues)[number];

/** How a tool call ended, in the contract's words. */
export type ToolOutcome = { outputType: ToolOutputType; output?: unknown; error?: string | null };

export type ToolCall = { toolCallId: string; toolName: string; input: unknown };

/** The step's tool calls in the order the model made them (`toolCalls`, every major). */
export function toolCallsOf(step: Record<string, unknown>): ToolCall[] {
  const calls = Array.isArray(step.toolCalls)
    ? step.toolCalls
    : contentOf(step).filter((part) => asRecord(part).type === "tool-call");
  return calls.map((call) => {
    const { toolCallId, toolName, input } = asRecord(call);
    return { toolCallId: String(toolCallId ?? ""), toolName: String(toolName ?? ""), input };
  });
}

/**
 * What became of each call within its own step, by the SDK's `toolCallId`: a `tool-result`
 * part, a `tool-error` part (the tool threw, or the call was invalid), or — v7, when
 * `toolApproval` denies a call — a `tool-approval-response` part with `approved: false`.
 */
export function outcomesInStep(step: Record<string, unknown>): Map<string, ToolOutcome> {
  const outcomes = new Map<string, ToolOutcome>();
  for (const raw of contentOf(step)) {
    const part = asRecord(raw);
    if (part.type === "tool-result" && part.preliminary !== true) {
      outcomes.set(String(part.toolCallId), outcomeOfResult(part.output));
    } else if (part.type === "tool-error") {
      outcomes.set(String(part.toolCallId), outcomeOfError(part.error));
    } else if (part.type === "tool-approval-response" && part.approved === false) {
      outcomes.set(String(asRecord(part.toolCall).toolCallId), denied(part.reason));
    }
  }
  return outcomes;
}

/**
 * Outcomes carried by tool messages, where the SDK writes them in the model-facing form
 * `{ type, value }` whose types are the contract's output types. v5 and v6 put the tool
 * messages of earlier calls into each step's `response.messages`; that is how a call answered
 * by a later approval (v6 `needsApproval`) is seen to finish.
 */
export function outcomesInMessages(messages: unknown): Map<string, ToolOutcome> {
  const outcomes = new Map<string, ToolOutcome>();
  for (const rawMessage of Array.isArray(messages) ? messages : []) {
    const message = asRecord(rawMessage);
    if (message.role !== "tool" || !Array.isArray(message.content)) continue;
    for (const raw of message.content) {
      const part = asRecord(raw);
      if (part.type !== "tool-result") continue;
      outcomes.set(String(part.toolCallId), outcomeOfModelOutput(part.output));
    }
  }
  return outcomes;
}

/** A tool's return value: a string reads as text, anything else as JSON. */
export function outcomeOfResult(output: unknown): ToolOutcome {
  return typeof output === "string"
    ? { outputType: "text", output }
    : { outputType: "json", output };
}

/** A thrown Error or string is text; a thrown object is kept as JSON. */
export function outcomeOfError(error: unknown): ToolOutcome {
  if (error instanceof Error)
    return { outputType: "error-text", error: error.message || error.name };
  if (typeof error === "string") return { outputType: "error-text", error };
  return { outputType: "error-json", output: error };
}

export function outcomeOfModelOutput(output: unknown): ToolOutcome {
  const { type, value, reason } = asRecord(output);
  switch (type) {
    case "text":
    case "json":
    case "content":
      return { outputType: type, output: value };
    case "error-text":
      return { outputType: "error-text", error: String(value) };
    case "error-json":
      return { outputType: "error-json", output: value };
    case "execution-denied":
      return denied(reason);
    default:
      return { outputType: "json", output };
  }
}

function denied(reason: unknown): ToolOutcome {
  return {
    outputType: "execution-denied",
    output: typeof reason === "string" ? { reason } : undefined,
  };
}

function contentOf(step: Record<string, unknown>): unknown[] {
  return Array.isArray(step.content) ? step.content : [];
}
