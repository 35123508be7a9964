import { once } from "node:events";
import type { AddressInfo } from "node:net";
// `@ai-sdk/otel` declares Node >=22 (as does `ai` 7); it is a test-only dependency and runs on
// the Node 20 this repository supports.
import { OpenTelemetry } from "@ai-sdk/otel";
import { type ServerType, serve } from "@hono/node-server";
import { context, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import * as v7 from "ai";
import { MockLanguageModelV4 } from "ai/test";
import * as v6 from "ai-v6";
import { MockLanguageModelV3 } from "ai-v6/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestServer } from "../testing";
import { applyInbox, readTelemetry } from "../testing/otlp";

// Real AI SDK runs over the SDK's mock model, traced by the real OpenTelemetry JS SDK and sent
// by its OTLP/HTTP exporters to the app listening on a port: what Steward records must equal
// what the SDK itself reported.
const server = useTestServer();
let origin = "";
let listener: ServerType | undefined;

beforeAll(async () => {
  // The AI SDK nests its spans through the active context, which a Node app's SDK setup provides.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  listener = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" });
  await once(listener, "listening");
  origin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

afterAll(async () => {
  context.disable();
  await new Promise((resolve) => listener?.close(resolve));
});

type SdkUsage = {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  inputTokenDetails: { cacheReadTokens: number | undefined; cacheWriteTokens: number | undefined };
};
type SdkStep = {
  usage: SdkUsage;
  finishReason: string;
  response: { id: string; modelId: string };
  content: readonly SdkPart[];
};
/** A step's content part, as loose as both majors' unions of parts. */
type SdkPart = {
  type: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  output?: unknown;
  error?: unknown;
};
type ReportedCall = {
  toolCallId: string;
  toolName: string;
  input: unknown;
  status: "completed" | "failed";
  outputType?: "error-text";
  output?: unknown;
  error: string | null;
};
type SdkRun = { steps: readonly SdkStep[]; totalUsage: SdkUsage };
// One model response, valid as both majors' provider results.
type ModelTurn = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>> &
  Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

function turn(
  content: ModelTurn["content"],
  unified: "tool-calls" | "stop",
  [input, cacheRead, cacheWrite, output]: [number, number, number, number],
): ModelTurn {
  return {
    content,
    finishReason: { unified, raw: unified },
    usage: {
      inputTokens: { total: input, noCache: input - cacheRead - cacheWrite, cacheRead, cacheWrite },
      outputTokens: { total: output, text: output, reasoning: 0 },
    },
    warnings: [],
    response: { id: `resp-${input}`, modelId: "mock-model-1", timestamp: new Date() },
  };
}

/** The first call asks for two tools, one of which throws; the second answers. */
const turns = () => [
  turn(
    [
      { type: "tool-call", toolCallId: "call-add", toolName: "add", input: '{"a":2,"b":3}' },
      { type: "tool-call", toolCallId: "call-explode", toolName: "explode", input: "{}" },
    ],
    "tool-calls",
    [120, 60, 20, 15],
  ),
  turn([{ type: "text", text: "The sum is 5." }], "stop", [200, 140, 0, 9]),
];
const addInput = z.object({ a: z.number(), b: z.number() });
const add = async ({ a, b }: { a: number; b: number }) => ({ sum: a + b });
const explode = async (): Promise<string> => {
  throw new Error("disk on fire");
};
const agentName = "sum-agent";
const prompt = "What is 2 + 3?";

const sdks = [
  {
    sdk: "AI SDK v6 experimental_telemetry",
    run: (tracer: Tracer): Promise<SdkRun> =>
      v6.generateText({
        model: new MockLanguageModelV3({ doGenerate: turns() }),
        prompt,
        tools: {
          add: v6.tool({ inputSchema: addInput, execute: add }),
          explode: v6.tool({ inputSchema: z.object({}), execute: explode }),
        },
        stopWhen: v6.stepCountIs(5),
        experimental_telemetry: { isEnabled: true, functionId: agentName, tracer },
      }),
  },
  {
    sdk: "AI SDK v7 @ai-sdk/otel",
    run: (tracer: Tracer): Promise<SdkRun> =>
      v7.generateText({
        model: new MockLanguageModelV4({ doGenerate: turns() }),
        prompt,
        tools: {
          add: v7.tool({ inputSchema: addInput, execute: add }),
          explode: v7.tool({ inputSchema: z.object({}), execute: explode }),
        },
        stopWhen: v7.stepCountIs(5),
        telemetry: {
          isEnabled: true,
          functionId: agentName,
          integrations: [new OpenTelemetry({ tracer })],
        },
      }),
  },
];
const exporters = [
  {
    encoding: "JSON",
    create: (url: string, headers: Record<string, string>) =>
      new JsonTraceExporter({ url, headers }),
  },
  {
    encoding: "protobuf",
    create: (url: string, headers: Record<string, string>) =>
      new ProtobufTraceExporter({ url, headers }),
  },
];

/** Runs `work` traced by a provider whose batches go to Steward, and what each export answered. */
async function traceToSteward<T>(
  exporter: SpanExporter,
  work: (tracer: Tracer) => Promise<T>,
): Promise<{ result: T; exports: ExportResult[] }> {
  const exports: ExportResult[] = [];
  const recording: SpanExporter = {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) =>
      exporter.export(spans, (result) => {
        exports.push(result);
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "live-exporter-test" }),
    spanProcessors: [new BatchSpanProcessor(recording)],
  });
  try {
    const result = await work(provider.getTracer("live-exporter-test"));
    await provider.forceFlush();
    return { result, exports };
  } finally {
    await provider.shutdown();
  }
}

function usageOf(usage: SdkUsage) {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadTokens: usage.inputTokenDetails.cacheReadTokens,
    cacheWriteTokens: usage.inputTokenDetails.cacheWriteTokens,
  };
}

/** The tool calls of a step as the SDK reported them: what each returned or threw. */
function toolCallsOf(step: SdkStep): ReportedCall[] {
  return step.content.flatMap((part): ReportedCall[] => {
    const { toolCallId = "", toolName = "", input } = part;
    const call = { toolCallId, toolName, input };
    if (part.type === "tool-result") {
      return [{ ...call, status: "completed", output: part.output, error: null }];
    }
    if (part.type === "tool-error") {
      const error = part.error instanceof Error ? part.error.message : String(part.error);
      return [{ ...call, status: "failed", outputType: "error-text", error }];
    }
    return [];
  });
}

describe.each(sdks)("$sdk, exported over OTLP/HTTP", ({ run }) => {
  it.each(exporters)("records what the SDK reported ($encoding)", async ({ create }) => {
    const { workspaceId, plainKey } = await server.workspace({ scopes: ["ingest"] });
    const exporter = create(`${origin}/v1/traces`, { authorization: `Bearer ${plainKey}` });
    const { result, exports } = await traceToSteward(exporter, run);

    expect(exports.length).toBeGreaterThan(0);
    for (const answer of exports) expect(answer).toEqual({ code: ExportResultCode.SUCCESS });
    // The SDK's own view of the run: two steps, one tool that returned and one that threw.
    expect(result.steps).toHaveLength(2);
    expect(usageOf(result.totalUsage)).toEqual({
      inputTokens: 320,
      outputTokens: 24,
      cacheReadTokens: 200,
      cacheWriteTokens: 20,
    });
    expect(result.steps.flatMap(toolCallsOf).map((call) => call.status)).toEqual([
      "completed",
      "failed",
    ]);

    await applyInbox(server.db);
    const rows = await readTelemetry(server.db, workspaceId);
    expect(rows.invocations).toEqual([
      expect.objectContaining({
        agentName,
        agentType: null,
        status: "completed",
        ...usageOf(result.totalUsage),
        stepCount: result.steps.length,
      }),
    ]);
    const steps = [...rows.steps].sort((a, b) => a.stepNumber - b.stepNumber);
    expect(steps).toEqual(
      result.steps.map((step) =>
        expect.objectContaining({
          invocationId: rows.invocations[0]?.id,
          ...usageOf(step.usage),
          finishReason: step.finishReason,
          responseId: step.response.id,
          model: step.response.modelId,
        }),
      ),
    );
    const stepIds = new Map(steps.map((step, index) => [step.id, index]));
    const recordedCalls = rows.toolCalls
      .map((call) => ({ ...call, stepIndex: stepIds.get(call.stepId) }))
      .sort((a, b) => a.toolCallId.localeCompare(b.toolCallId));
    const reportedCalls = result.steps
      .flatMap((step, stepIndex) => toolCallsOf(step).map((call) => ({ ...call, stepIndex })))
      .sort((a, b) => a.toolCallId.localeCompare(b.toolCallId));
    expect(recordedCalls).toEqual(reportedCalls.map((call) => expect.objectContaining(call)));
  });
});
