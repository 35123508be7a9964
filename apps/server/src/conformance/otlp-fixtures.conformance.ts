import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../testing";
import { applyInbox, postTraces, readTelemetry } from "../testing/otlp";
import {
  jsonOfBase64Capture,
  jsonOfReadableSpans,
  protobufOfCapture,
  readFixture,
} from "./fixture-requests";

// Captured payloads live outside the repository, beside it; they are read, never copied in.
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const folder = resolve(repoRoot, "../shared/otlp-fixtures");
const present = existsSync(folder);
if (!present) console.warn(`OTLP conformance skipped: no fixture folder at ${folder}`);

const server = useTestServer();

/** Sends a capture through the running app and answers the rows it produced. */
async function record(send: (key: string) => Response | Promise<Response>) {
  const { workspaceId, plainKey } = await server.workspace({ scopes: ["ingest"] });
  const response = await send(plainKey);
  expect(response.status).toBe(200);
  await applyInbox(server.db);
  return readTelemetry(server.db, workspaceId);
}

const sendBase64Capture = (file: string) => async (key: string) => {
  const capture = readFixture(folder, file);
  const proto = await postTraces(server.app, key, protobufOfCapture(capture), {
    encoding: "protobuf",
  });
  expect(proto.status).toBe(200);
  // The same spans again as OTLP/JSON: derived ids make it record nothing new.
  return postTraces(server.app, key, jsonOfBase64Capture(capture), { gzip: true });
};
const sendProtobufjsCapture = (file: string) => (key: string) =>
  postTraces(server.app, key, protobufOfCapture(readFixture(folder, file)), {
    encoding: "protobuf",
  });

const usageOf = (row: Record<string, unknown> | undefined) => ({
  inputTokens: row?.inputTokens,
  outputTokens: row?.outputTokens,
  totalTokens: row?.totalTokens,
  reasoningTokens: row?.reasoningTokens,
  cacheReadTokens: row?.cacheReadTokens,
  cacheWriteTokens: row?.cacheWriteTokens,
});

describe.skipIf(!present)("OTLP conformance: captures from real instrumentations", () => {
  it("Strands Agents (GenAI conventions): one agent, two model calls, one tool call", async () => {
    const rows = await record(
      sendBase64Capture("langwatch-strands-agents-1.14-invoke-agent-chat-tool-cache.otlp-b64.json"),
    );
    expect(rows.invocations).toHaveLength(1);
    const [invocation] = rows.invocations;
    expect(invocation).toMatchObject({
      agentType: null,
      agentName: "Strands Agents",
      traceId: "4152d1fb2c48ff87d75abb96470b13d3",
      status: "completed",
      model: "openai/gpt-5-mini",
      stepCount: 2,
    });
    // The agent span repeats its model calls' totals (297/187): counted once, from the steps.
    // Cache figures read 150/50 on every span of the capture, so each step carries them.
    expect(usageOf(invocation)).toEqual({
      inputTokens: 297,
      outputTokens: 187,
      totalTokens: 484,
      reasoningTokens: 0,
      cacheReadTokens: 300,
      cacheWriteTokens: 100,
    });
    const steps = [...rows.steps].sort((a, b) => a.stepNumber - b.stepNumber);
    expect(
      steps.map((step) => [step.stepNumber, step.inputTokens, step.outputTokens, step.totalTokens]),
    ).toEqual([
      [0, 134, 84, 218],
      [1, 163, 103, 266],
    ]);
    // The capture's tool result lives in span events the conventions do not define as the
    // result, so only the call itself is asserted; it belongs to the model call before it.
    expect(rows.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "get_user_location",
        toolCallId: "call_hdzL5ISsJA4mCJ1mWBGkqtzz",
        stepId: steps[0]?.id,
        status: "completed",
      }),
    ]);
  });

  it("OpenInference OpenAI: a model call outside any agent, with its session", async () => {
    const rows = await record(
      sendBase64Capture("langwatch-openinference-openai-0.1.12-llm-chat.otlp-b64.json"),
    );
    // No agent span and service.name is the SDK default, so the invocation takes the span's name.
    expect(rows.invocations).toEqual([
      expect.objectContaining({
        agentType: null,
        agentName: "ChatCompletion",
        conversationKey: "my-test-session",
        stepCount: 1,
      }),
    ]);
    // A streamed call: the capture has no token counts, so none are recorded.
    expect(rows.steps).toEqual([
      expect.objectContaining({
        model: "gpt-5",
        text: "Hey there! 😊👋 What's up? 🌟",
        inputTokens: null,
        outputTokens: null,
      }),
    ]);
    expect(rows.toolCalls).toEqual([]);
  });

  it("OpenLLMetry OpenAI: flattened prompt and completion, no usage in a streamed capture", async () => {
    const rows = await record(
      sendBase64Capture("langwatch-openllmetry-openai-0.26.4-chat.otlp-b64.json"),
    );
    expect(rows.invocations).toEqual([
      expect.objectContaining({ agentName: "openai.chat", stepCount: 1 }),
    ]);
    expect(rows.steps).toEqual([
      expect.objectContaining({
        model: "gpt-5",
        text: "Hey there! 😊 What's on your mind? 💬✨",
        inputTokens: null,
      }),
    ]);
  });

  it("OpenLLMetry LangChain: a workflow span is an agent run with no model call in the capture", async () => {
    const rows = await record(
      sendBase64Capture("langwatch-openllmetry-langchain-0.26.5-workflow.otlp-b64.json"),
    );
    expect(rows.invocations).toEqual([
      expect.objectContaining({
        agentType: null,
        agentName: "RunnableSequence.workflow",
        status: "completed",
        stepCount: 0,
      }),
    ]);
    expect((rows.invocations[0]?.output as { outputs?: string } | undefined)?.outputs).toBe(
      "👋 Hi there! How can I help you today?",
    );
    expect(rows.steps).toEqual([]);
  });

  it("OpenLIT: usage, finish reason and response id; a negative int64 attribute does not break it", async () => {
    const rows = await record(
      sendProtobufjsCapture("langfuse-openlit-1.27-openai-chat.protobufjs-resourcespan.json"),
    );
    expect(rows.invocations).toEqual([
      expect.objectContaining({ agentName: "default", inputTokens: 14, outputTokens: 96 }),
    ]);
    expect(rows.steps).toEqual([
      expect.objectContaining({
        model: "gpt-3.5-turbo",
        inputTokens: 14,
        outputTokens: 96,
        totalTokens: 110,
        finishReason: "stop",
        responseId: "chatcmpl-AugxBIoQzz2zFMWFoiyS3Vmm1OuQI",
      }),
    ]);
  });

  it("Traceloop 0.33: the deprecated prompt/completion token names", async () => {
    const rows = await record(
      sendProtobufjsCapture("langfuse-traceloop-openai-0.33.9-chat.protobufjs-resourcespan.json"),
    );
    expect(rows.steps).toEqual([
      expect.objectContaining({
        model: "gpt-3.5-turbo-0125",
        inputTokens: 14,
        outputTokens: 173,
        totalTokens: 187,
        finishReason: "stop",
      }),
    ]);
    expect(rows.steps[0]?.text).toMatch(/^LLM Observability/);
  });

  it("Semantic Kernel: messages only as span events", async () => {
    const rows = await record(
      sendProtobufjsCapture("langfuse-semantic-kernel-chat-events.protobufjs-resourcespan.json"),
    );
    // No resource in the capture, so the invocation takes the span's name; no usage either.
    expect(rows.invocations).toEqual([
      expect.objectContaining({ agentName: "chat_completion", stepCount: 1 }),
    ]);
    expect(rows.steps).toEqual([
      expect.objectContaining({
        model: "gpt-4-0613",
        text: "The capital of France is Paris.",
        finishReason: "stop",
      }),
    ]);
    expect(rows.invocations[0]?.input).toEqual([
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "What is the capital of France?" },
    ]);
  });

  it("Vercel AI SDK (real OpenAI): each call an invocation with its model call; embeddings not recorded", async () => {
    const dumps = readFixture(
      folder,
      "arize-openinference-vercel-aisdk-real-openai-readablespans.json",
    );
    const request = jsonOfReadableSpans(dumps as Parameters<typeof jsonOfReadableSpans>[0]);
    const rows = await record((key) =>
      postTraces(server.app, key, request, { encoding: "protobuf" }),
    );
    const byName = Object.fromEntries(rows.invocations.map((row) => [row.agentName ?? "", row]));
    expect(Object.keys(byName).sort()).toEqual([
      "test-generate-object",
      "test-generate-text",
      "test-generate-text-messages",
      "test-stream-text",
    ]);
    expect(
      Object.fromEntries(
        Object.entries(byName).map(([name, row]) => [
          name,
          [row.inputTokens, row.outputTokens, row.stepCount],
        ]),
      ),
    ).toEqual({
      "test-generate-text": [14, 20, 1],
      "test-generate-text-messages": [50, 9, 1],
      "test-generate-object": [63, 156, 1],
      "test-stream-text": [15, 112, 1],
    });
    const stream = rows.steps.find((step) => step.invocationId === byName["test-stream-text"]?.id);
    expect(usageOf(stream)).toEqual({
      inputTokens: 15,
      outputTokens: 112,
      totalTokens: 127,
      reasoningTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: null,
    });
    // These calls used no tools, so the capture cannot show tool attachment.
    expect(rows.toolCalls).toEqual([]);
  });
});
