import { describe, expect, it } from "vitest";
import { deriveId } from "./derive-id";
import { mapSpans } from "./map-spans";
import type { Attributes, OtlpSpan } from "./read-spans";

const traceId = "0af7651916cd43dd8448eb211c80319c";
let clock = Date.parse("2026-01-01T00:00:00Z");

function span(
  spanId: string,
  parent: string | null,
  name: string,
  attributes: Attributes,
  extra: Partial<OtlpSpan> = {},
): OtlpSpan {
  clock += 1000;
  return {
    traceId,
    spanId: spanId.padStart(16, "0"),
    parentSpanId: parent ? parent.padStart(16, "0") : null,
    name,
    kind: 1,
    startTime: new Date(clock),
    endTime: new Date(clock + 500),
    attributes,
    events: [],
    status: { code: 0, message: null },
    resource: { "service.name": "travel-bot" },
    scope: null,
    ...extra,
  };
}
const idOf = (spanId: string) => deriveId(`${traceId}:${spanId.padStart(16, "0")}`);
const ofType = (mapped: ReturnType<typeof mapSpans>, type: string) =>
  mapped.events
    .map((item) => item.event as Record<string, unknown>)
    .filter((event) => event.type === type);

describe("mapSpans: OpenTelemetry GenAI conventions", () => {
  const agentTrace = () => [
    span("a1", null, "invoke_agent Planner", {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "Planner",
      "gen_ai.conversation.id": "conv-7",
      // An agent span repeating its steps' totals: must not be counted again.
      "gen_ai.usage.input_tokens": 300,
      "gen_ai.usage.output_tokens": 30,
    }),
    span("c1", "a1", "chat gpt-4o", {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 10,
      "gen_ai.usage.cache_read.input_tokens": 40,
      "gen_ai.usage.cache_write.input_tokens": 5,
      "gen_ai.usage.reasoning.output_tokens": 3,
      "gen_ai.response.finish_reasons": ["tool_calls"],
      "gen_ai.output.messages": JSON.stringify([
        {
          role: "assistant",
          parts: [
            { type: "tool_call", id: "call_1", name: "weather", arguments: { city: "Paris" } },
          ],
        },
      ]),
    }),
    span("c2", "a1", "chat gpt-4o", {
      "gen_ai.operation.name": "chat",
      "gen_ai.system": "openai",
      "gen_ai.usage.prompt_tokens": 200,
      "gen_ai.usage.completion_tokens": 20,
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.output.messages": [
        { role: "assistant", parts: [{ type: "text", content: "Sunny." }] },
      ],
    }),
    span(
      "t1",
      "a1",
      "execute_tool weather",
      {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "weather",
        "gen_ai.tool.call.id": "call_1",
        "gen_ai.tool.call.arguments": '{"city":"Paris"}',
      },
      {
        status: { code: 2, message: null },
        events: [
          {
            name: "exception",
            time: null,
            attributes: {
              "exception.type": "TimeoutError",
              "exception.message": "upstream timed out",
            },
          },
        ],
      },
    ),
  ];

  it("maps invoke_agent, chat and execute_tool to an invocation, steps and a tool call", () => {
    const spans = agentTrace();
    const mapped = mapSpans(spans);
    expect(mapped.rejected).toEqual([]);
    const [started] = ofType(mapped, "invocation.started");
    expect(started).toMatchObject({
      invocationId: idOf("a1"),
      agentName: "Planner",
      traceId,
      conversationKey: "conv-7",
      parentInvocationId: null,
    });
    expect(started).not.toHaveProperty("agentType");
    const steps = ofType(mapped, "step.finished");
    expect(steps.map((step) => [step.stepId, step.stepNumber, step.usage])).toEqual([
      [
        idOf("c1"),
        0,
        {
          inputTokens: 100,
          outputTokens: 10,
          totalTokens: 110,
          reasoningTokens: 3,
          cacheReadTokens: 40,
          cacheWriteTokens: 5,
        },
      ],
      [idOf("c2"), 1, { inputTokens: 200, outputTokens: 20, totalTokens: 220 }],
    ]);
    expect(steps[0]).toMatchObject({ finishReason: "tool-calls", rawFinishReason: "tool_calls" });
    expect(steps[1]).toMatchObject({ finishReason: "stop", text: "Sunny." });
    const [tool] = ofType(mapped, "tool_call.finished");
    expect(tool).toMatchObject({
      stepId: idOf("c1"),
      invocationId: idOf("a1"),
      toolCallId: "call_1",
      toolName: "weather",
      input: { city: "Paris" },
      outputType: "error-text",
      error: "TimeoutError: upstream timed out",
    });
  });

  it("derives the same events whatever order the spans come in", () => {
    const spans = agentTrace();
    const forward = mapSpans(spans).events.map((item) => item.event);
    const backward = mapSpans([...spans].reverse()).events.map((item) => item.event);
    expect(new Set(backward.map((event) => JSON.stringify(event)))).toEqual(
      new Set(forward.map((event) => JSON.stringify(event))),
    );
  });

  it("walks through spans of no GenAI kind to the nearest recorded ancestor", () => {
    const mapped = mapSpans([
      span("h1", null, "POST /chat", { "http.request.method": "POST" }),
      span("a1", "h1", "invoke_agent", {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "Helper",
      }),
      span("l1", "a1", "execute_event_loop_cycle", { "event_loop.cycle_id": "x" }),
      span("c1", "l1", "chat", { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m" }),
    ]);
    expect(mapped.ignored).toBe(2);
    expect(ofType(mapped, "invocation.started")).toHaveLength(1);
    expect(ofType(mapped, "step.finished")[0]).toMatchObject({ invocationId: idOf("a1") });
  });

  it("names the parent's invocation when a child arrives in an export before it", () => {
    const mapped = mapSpans([span("c1", "a1", "chat", { "gen_ai.operation.name": "chat" })]);
    expect(ofType(mapped, "step.finished")[0]).toMatchObject({ invocationId: idOf("a1") });
    expect(ofType(mapped, "invocation.started")).toEqual([]);
  });

  it("gives a model call outside any agent an invocation named by its service, never a type", () => {
    const mapped = mapSpans([
      span(
        "c1",
        null,
        "openai.chat",
        { "llm.request.type": "chat", "gen_ai.system": "OpenAI" },
        { status: { code: 2, message: "rate limited" } },
      ),
    ]);
    const [started] = ofType(mapped, "invocation.started");
    expect(started).toMatchObject({ agentName: "travel-bot" });
    expect(started).not.toHaveProperty("agentType");
    expect(ofType(mapped, "invocation.finished")[0]).toMatchObject({
      status: "failed",
      error: "rate limited",
    });
    expect(ofType(mapped, "step.finished")[0]).toMatchObject({ finishReason: "error" });
  });
});

describe("mapSpans: agent input", () => {
  it("reads input messages as structured values or JSON strings, system instructions first", () => {
    const mapped = mapSpans([
      span("a1", null, "invoke_agent", {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.input.messages": '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
        "gen_ai.system_instructions": [{ type: "text", content: "Be brief." }],
      }),
    ]);
    expect(ofType(mapped, "invocation.started")[0]?.input).toEqual([
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      { role: "user", parts: [{ type: "text", content: "hi" }] },
    ]);
  });
});

describe("mapSpans: Vercel AI SDK", () => {
  it("v5/v6: attaches each tool call to the model call whose response carried its id", () => {
    const mapped = mapSpans([
      span("r1", null, "ai.generateText", {
        "ai.operationId": "ai.generateText",
        "ai.telemetry.functionId": "trip",
        "ai.usage.inputTokens": 999,
      }),
      span("g1", "r1", "ai.generateText.doGenerate", {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.usage.inputTokens": 50,
        "ai.usage.outputTokens": 5,
        "ai.usage.cachedInputTokens": 7,
        // v6 reports cache writes only in its token details.
        "ai.usage.inputTokenDetails.cacheWriteTokens": 4,
        "ai.response.finishReason": "tool-calls",
        "ai.response.toolCalls": JSON.stringify([
          { toolCallId: "tc-9", toolName: "lookup", input: "{}" },
        ]),
      }),
      span("g2", "r1", "ai.generateText.doGenerate", {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.response.text": "done",
      }),
      span("x1", "r1", "ai.toolCall", {
        "ai.operationId": "ai.toolCall",
        "ai.toolCall.name": "lookup",
        "ai.toolCall.id": "tc-9",
        "ai.toolCall.result": '{"ok":true}',
      }),
    ]);
    expect(ofType(mapped, "invocation.started")[0]).toMatchObject({ agentName: "trip" });
    expect(ofType(mapped, "step.finished").map((step) => step.usage)).toEqual([
      {
        inputTokens: 50,
        outputTokens: 5,
        totalTokens: 55,
        cacheReadTokens: 7,
        cacheWriteTokens: 4,
      },
      {},
    ]);
    expect(ofType(mapped, "tool_call.finished")[0]).toMatchObject({
      stepId: idOf("g1"),
      toolCallId: "tc-9",
      outputType: "json",
      output: { ok: true },
    });
  });

  it("v7: a step N span groups a chat and its tools and is not itself a model call", () => {
    const mapped = mapSpans([
      span("a1", null, "invoke_agent", {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "weather-agent",
      }),
      span("s1", "a1", "step 1", { "gen_ai.provider.name": "openai" }),
      span("c1", "s1", "chat", { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 9 }),
      span("t1", "s1", "execute_tool", {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "w",
        "gen_ai.tool.call.id": "q",
      }),
    ]);
    expect(ofType(mapped, "step.finished")).toHaveLength(1);
    expect(ofType(mapped, "tool_call.finished")[0]).toMatchObject({
      stepId: idOf("c1"),
      invocationId: idOf("a1"),
      outputType: "text",
    });
  });
});

describe("mapSpans: OpenInference", () => {
  it("maps AGENT, LLM and TOOL spans with token details and flattened messages", () => {
    const mapped = mapSpans([
      span("a1", null, "Agent", { "openinference.span.kind": "AGENT", "session.id": "s-1" }),
      span("l1", "a1", "ChatCompletion", {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o-mini",
        "llm.token_count.prompt": 12,
        "llm.token_count.completion": 4,
        "llm.token_count.total": 16,
        "llm.token_count.prompt_details.cache_read": 2,
        "llm.token_count.completion_details.reasoning": 1,
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.content": "hello",
        "llm.output_messages.0.message.tool_calls.0.tool_call.id": "c-1",
      }),
      span("t1", "a1", "search", {
        "openinference.span.kind": "TOOL",
        "tool.name": "search",
        "tool_call.id": "c-1",
        "output.value": "found",
      }),
    ]);
    expect(ofType(mapped, "invocation.started")[0]).toMatchObject({
      agentName: "Agent",
      conversationKey: "s-1",
    });
    expect(ofType(mapped, "step.finished")[0]).toMatchObject({
      model: "gpt-4o-mini",
      text: "hello",
      usage: {
        inputTokens: 12,
        outputTokens: 4,
        totalTokens: 16,
        cacheReadTokens: 2,
        reasoningTokens: 1,
      },
    });
    expect(ofType(mapped, "tool_call.finished")[0]).toMatchObject({
      stepId: idOf("l1"),
      output: "found",
      outputType: "text",
    });
  });

  it("refuses a tool call with no model call to attach to, saying why", () => {
    const mapped = mapSpans([span("t1", null, "search", { "openinference.span.kind": "TOOL" })]);
    expect(mapped.events).toEqual([]);
    expect(mapped.rejected).toEqual([
      {
        span: `${traceId}:${"t1".padStart(16, "0")}`,
        reason: expect.stringContaining("outside any agent"),
      },
    ]);
  });
});
