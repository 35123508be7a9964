import { randomUUID } from "node:crypto";
import type { TelemetryEventInput } from "@steward/events";

/*
 * Telemetry as an agent framework sends it to POST /v1/ingest: builders for the events of one
 * invocation, and a sender that posts them in batches the server accepts.
 */

export type ToolOutcome = "json" | "text" | "execution-denied" | "error-text";

const at = (base: number, offsetMs: number) => new Date(base + offsetMs).toISOString();

export function invocationStarted(input: {
  invocationId: string;
  runId?: string;
  parentInvocationId?: string;
  agentType: "orchestrator" | "explorer" | "coder" | "judge" | "meta_judge";
  model?: string;
  startedAt: string;
}): TelemetryEventInput {
  return { eventId: randomUUID(), type: "invocation.started", ...input };
}

export function invocationFinished(invocationId: string, finishedAt: string): TelemetryEventInput {
  return {
    eventId: randomUUID(),
    type: "invocation.finished",
    invocationId,
    status: "completed",
    finishedAt,
  };
}

/** One model step and its tool calls, each tool call finished with the given outcome. */
export function stepWithTools(input: {
  invocationId: string;
  stepNumber: number;
  text: string;
  base: number;
  tools: { name: string; outcome: ToolOutcome; output: unknown }[];
}): TelemetryEventInput[] {
  const stepId = randomUUID();
  const start = input.stepNumber * 1000;
  const events: TelemetryEventInput[] = [
    {
      eventId: randomUUID(),
      type: "step.finished",
      stepId,
      invocationId: input.invocationId,
      stepNumber: input.stepNumber,
      text: input.text,
      finishReason: input.tools.length > 0 ? "tool-calls" : "stop",
      usage: { inputTokens: 1200, outputTokens: 300, totalTokens: 1500 },
      model: "claude-sonnet-4",
      startedAt: at(input.base, start),
      finishedAt: at(input.base, start + 600),
    },
  ];
  input.tools.forEach((tool, index) => {
    const id = randomUUID();
    events.push({
      eventId: randomUUID(),
      type: "tool_call.finished",
      id,
      invocationId: input.invocationId,
      stepId,
      toolCallId: `call_${id.slice(0, 8)}`,
      toolName: tool.name,
      input: { attempt: index },
      outputType: tool.outcome,
      output: tool.output,
      ...(tool.outcome === "error-text" ? { error: String(tool.output) } : {}),
      startedAt: at(input.base, start + 600 + index * 100),
      finishedAt: at(input.base, start + 650 + index * 100),
    });
  });
  return events;
}

/** Posts events to /v1/ingest, 500 to a request, and fails unless every one is accepted. */
export async function sendEvents(url: string, key: string, events: TelemetryEventInput[]) {
  for (let offset = 0; offset < events.length; offset += 500) {
    const batch = events.slice(offset, offset + 500);
    const response = await fetch(`${url}/v1/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ v: 1, events: batch }),
    });
    const answer = (await response.json()) as { accepted?: string[]; rejected?: unknown[] };
    if (response.status !== 200 || answer.rejected?.length) {
      throw new Error(`/v1/ingest answered ${response.status}: ${JSON.stringify(answer)}`);
    }
  }
}
