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

const otlpText = (key: string, value: string) => ({ key, value: { stringValue: value } });
const otlpInt = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const nanos = (ms: number) => `${ms}000000`;

/**
 * An OTLP/JSON export as an OpenTelemetry SDK sends it: an agent of another framework (a name,
 * none of Steward's agent types) with one model call, in the GenAI semantic conventions.
 */
export function otlpAgentExport(input: { traceId: string; agentName: string; base: number }) {
  const agentSpanId = randomUUID().replaceAll("-", "").slice(0, 16);
  const span = (
    spanId: string,
    name: string,
    [offsetMs, durationMs]: [number, number],
    attributes: unknown[],
  ) => ({
    traceId: input.traceId,
    spanId,
    ...(spanId === agentSpanId ? {} : { parentSpanId: agentSpanId }),
    name,
    kind: 1,
    startTimeUnixNano: nanos(input.base + offsetMs),
    endTimeUnixNano: nanos(input.base + offsetMs + durationMs),
    attributes,
    status: { code: 1 },
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [otlpText("service.name", "research-app")] },
        scopeSpans: [
          {
            scope: { name: "e2e" },
            spans: [
              span(
                agentSpanId,
                `invoke_agent ${input.agentName}`,
                [0, 1_500],
                [
                  otlpText("gen_ai.operation.name", "invoke_agent"),
                  otlpText("gen_ai.agent.name", input.agentName),
                  otlpText("gen_ai.request.model", "gpt-4o"),
                ],
              ),
              span(
                randomUUID().replaceAll("-", "").slice(0, 16),
                "chat gpt-4o",
                [100, 1_200],
                [
                  otlpText("gen_ai.operation.name", "chat"),
                  otlpText("gen_ai.request.model", "gpt-4o"),
                  otlpInt("gen_ai.usage.input_tokens", 900),
                  otlpInt("gen_ai.usage.output_tokens", 120),
                  {
                    key: "gen_ai.response.finish_reasons",
                    value: { arrayValue: { values: [{ stringValue: "stop" }] } },
                  },
                ],
              ),
            ],
          },
        ],
      },
    ],
  };
}

/** Posts an OTLP/JSON export to /v1/traces, and fails unless every span is taken. */
export async function sendOtlpTraces(url: string, key: string, request: unknown) {
  const response = await fetch(`${url}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  const answer = (await response.json()) as { partialSuccess?: unknown };
  if (response.status !== 200 || answer.partialSuccess) {
    throw new Error(`/v1/traces answered ${response.status}: ${JSON.stringify(answer)}`);
  }
}
