import { agentInvocations, agentSteps, ingestInbox, toolCalls } from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import { createRecorder, newId, type RecorderOptions } from "@steward/recorder";
import { recordInvocation } from "@steward/recorder/ai-sdk";
import { processInboxBatch } from "@steward/telemetry";
import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { useTestServer } from "./testing";

type ModelResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

const metric = (): TelemetryEventInput => ({
  type: "metric.recorded",
  eventId: newId(),
  id: newId(),
  metricType: "test",
  value: 1,
});

function modelTurn(
  content: ModelResult["content"],
  finishReason: ModelResult["finishReason"],
  [input, cacheRead, output, reasoning]: number[],
): ModelResult {
  return {
    content,
    finishReason,
    usage: {
      inputTokens: { total: input, noCache: undefined, cacheRead, cacheWrite: 0 },
      outputTokens: { total: output, text: undefined, reasoning },
    },
    warnings: [],
    response: { id: newId(), modelId: "mock-model-1", timestamp: new Date() },
  };
}

const toolCall = (toolCallId: string, toolName: string, input: object) => ({
  type: "tool-call" as const,
  toolCallId,
  toolName,
  input: JSON.stringify(input),
});

describe("@steward/recorder against POST /v1/ingest", () => {
  const server = useTestServer();
  const quiet = { warn() {}, error() {} };

  /** The app as the recorder's fetch; `fail` may answer a request instead of the app. */
  function appFetch(fail?: (request: number) => Response | undefined) {
    const batches: { eventId: string }[][] = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      batches.push(JSON.parse(String(init?.body)).events);
      return fail?.(batches.length) ?? server.app.request(String(input), init);
    }) as typeof globalThis.fetch;
    return { fetch, batches };
  }

  function recorderFor(apiKey: string, options: Partial<RecorderOptions> = {}) {
    return createRecorder({
      url: "http://steward.test",
      apiKey,
      flushIntervalMs: 60_000,
      logger: quiet,
      ...options,
    });
  }

  async function inboxIds(workspaceId: string) {
    const rows = await server.db
      .select({ eventId: ingestInbox.eventId })
      .from(ingestInbox)
      .where(eq(ingestInbox.workspaceId, workspaceId));
    return rows.map((row) => row.eventId).sort();
  }

  it("puts every step and tool call of a real multi-step generateText into the inbox", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const recorder = recorderFor(plainKey, { fetch: appFetch().fetch });
    const model = new MockLanguageModelV4({
      doGenerate: [
        modelTurn(
          [
            { type: "reasoning", text: "Add first, then try the flaky tool." },
            toolCall("call-1", "add", { a: 2, b: 3 }),
            toolCall("call-2", "deploy", { env: "prod" }),
          ],
          { unified: "tool-calls", raw: "tool_use" },
          [120, 80, 30, 12],
        ),
        modelTurn(
          [toolCall("call-3", "add", { a: 5, b: 1 }), toolCall("call-4", "wipe", {})],
          { unified: "tool-calls", raw: "tool_use" },
          [200, 120, 15, 0],
        ),
        modelTurn(
          [{ type: "text", text: "It is 6." }],
          { unified: "stop", raw: "end_turn" },
          [260, 200, 5, 0],
        ),
      ],
    });
    const recording = recordInvocation(recorder, { agentType: "coder", model: "mock-model-1" });
    const result = await generateText({
      model,
      prompt: "Add 2, 3 and 1, then deploy.",
      tools: {
        add: tool({
          inputSchema: z.object({ a: z.number(), b: z.number() }),
          execute: async ({ a, b }) => ({ sum: a + b }),
        }),
        deploy: tool({
          inputSchema: z.object({ env: z.string() }),
          execute: async (): Promise<string> => {
            throw new Error("cluster unreachable");
          },
        }),
        wipe: tool({ inputSchema: z.object({}), execute: async () => "wiped" }),
      },
      toolApproval: { wipe: "denied" },
      stopWhen: stepCountIs(6),
      onStepFinish: recording.onStepFinish,
    });
    recording.finish({ status: "completed", output: { text: result.text } });
    await recorder.close();

    const rows = await server.db
      .select()
      .from(ingestInbox)
      .where(eq(ingestInbox.workspaceId, workspaceId));
    const payloads = (type: string) =>
      rows.filter((row) => row.eventType === type).map((row) => row.payload);
    expect(result.steps).toHaveLength(3);
    expect(rows).toHaveLength(1 + 3 + 2 * 4 + 1);
    expect(payloads("invocation.started")).toEqual([
      expect.objectContaining({ invocationId: recording.invocationId, agentType: "coder" }),
    ]);
    expect(payloads("invocation.finished")).toEqual([
      expect.objectContaining({ status: "completed", output: { text: "It is 6." } }),
    ]);

    const outputTypes: Record<string, string> = {
      add: "json",
      deploy: "error-text",
      wipe: "execution-denied",
    };
    const steps = payloads("step.finished");
    const started = payloads("tool_call.started");
    const finished = payloads("tool_call.finished");
    result.steps.forEach((sdkStep, stepNumber) => {
      const step = steps.find((payload) => payload.stepNumber === stepNumber);
      expect(step).toMatchObject({
        invocationId: recording.invocationId,
        finishReason: sdkStep.finishReason,
        rawFinishReason: sdkStep.rawFinishReason,
        responseId: sdkStep.response.id,
        model: "mock-model-1",
        usage: {
          inputTokens: sdkStep.usage.inputTokens,
          outputTokens: sdkStep.usage.outputTokens,
          totalTokens: sdkStep.usage.totalTokens,
          reasoningTokens: sdkStep.usage.outputTokenDetails.reasoningTokens,
          cacheReadTokens: sdkStep.usage.inputTokenDetails.cacheReadTokens,
          cacheWriteTokens: sdkStep.usage.inputTokenDetails.cacheWriteTokens,
        },
      });
      for (const call of sdkStep.toolCalls) {
        const start = started.find((payload) => payload.toolCallId === call.toolCallId);
        const end = finished.find((payload) => payload.toolCallId === call.toolCallId);
        expect(start).toMatchObject({
          stepId: step?.stepId,
          toolName: call.toolName,
          input: call.input,
        });
        expect(end).toMatchObject({ id: start?.id, outputType: outputTypes[call.toolName] });
      }
    });
    expect(steps.map((step) => step.usage)).toEqual([
      expect.objectContaining({ inputTokens: 120, cacheReadTokens: 80, reasoningTokens: 12 }),
      expect.objectContaining({ inputTokens: 200, outputTokens: 15 }),
      expect.objectContaining({ inputTokens: 260, totalTokens: 265 }),
    ]);
    expect(finished.map((payload) => [payload.toolCallId, payload.output, payload.error])).toEqual(
      expect.arrayContaining([
        ["call-1", { sum: 5 }, null],
        ["call-2", undefined, "cluster unreachable"],
        ["call-3", { sum: 6 }, null],
      ]),
    );

    // Through the worker into the tables: what is recorded is what the SDK reported.
    while ((await processInboxBatch(server.db)).claimed > 0) {}
    const [invocation] = await server.db
      .select()
      .from(agentInvocations)
      .where(eq(agentInvocations.workspaceId, workspaceId));
    const storedSteps = await server.db
      .select()
      .from(agentSteps)
      .where(eq(agentSteps.workspaceId, workspaceId))
      .orderBy(asc(agentSteps.stepNumber));
    const storedCalls = await server.db
      .select()
      .from(toolCalls)
      .where(eq(toolCalls.workspaceId, workspaceId));
    expect(
      storedSteps.map((step) => [
        step.stepNumber,
        step.finishReason,
        step.inputTokens,
        step.outputTokens,
      ]),
    ).toEqual(
      result.steps.map((sdkStep, stepNumber) => [
        stepNumber,
        sdkStep.finishReason,
        sdkStep.usage.inputTokens,
        sdkStep.usage.outputTokens,
      ]),
    );
    const sdkCalls = result.steps.flatMap((sdkStep) => sdkStep.toolCalls);
    expect(
      storedCalls
        .map((call) => [call.toolCallId, call.toolName, call.outputType, call.status])
        .sort(),
    ).toEqual(
      sdkCalls
        .map((call) => [
          call.toolCallId,
          call.toolName,
          outputTypes[call.toolName],
          call.toolName === "add" ? "completed" : "failed",
        ])
        .sort(),
    );
    expect(invocation).toMatchObject({
      status: "completed",
      stepCount: result.steps.length,
      inputTokens: result.totalUsage.inputTokens,
      outputTokens: result.totalUsage.outputTokens,
    });
  });

  it("sends full batches at once and holds a partial one until flushed", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const { fetch, batches } = appFetch();
    const recorder = recorderFor(plainKey, { fetch, maxBatchEvents: 3 });
    const events = Array.from({ length: 7 }, metric);
    for (const event of events) recorder.record(event);
    await vi.waitFor(() => expect(recorder.stats().sent).toBe(6), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(batches.map((batch) => batch.length)).toEqual([3, 3]);
    expect(recorder.stats().buffered).toBe(1);

    await recorder.flush();
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(await inboxIds(workspaceId)).toEqual(events.map((event) => event.eventId).sort());
  });

  it("sends a partial batch when the flush interval passes", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const { fetch, batches } = appFetch();
    const recorder = recorderFor(plainKey, { fetch, flushIntervalMs: 50 });
    const events = [metric(), metric()];
    for (const event of events) recorder.record(event);
    expect(batches).toEqual([]);
    await vi.waitFor(() => expect(recorder.stats().sent).toBe(2), { timeout: 5000 });
    expect(batches.map((batch) => batch.length)).toEqual([2]);
    expect(await inboxIds(workspaceId)).toEqual(events.map((event) => event.eventId).sort());
    await recorder.close();
  });

  it("retries a batch after a transient 503 and commits it once", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const { fetch, batches } = appFetch((request) =>
      request === 1 ? new Response("restarting", { status: 503 }) : undefined,
    );
    const recorder = recorderFor(plainKey, { fetch });
    const events = [metric(), metric()];
    for (const event of events) recorder.record(event);
    await recorder.flush();
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual(batches[0]);
    expect(recorder.stats()).toMatchObject({ sent: 2, retries: 1, dropped: 0 });
    expect(await inboxIds(workspaceId)).toEqual(events.map((event) => event.eventId).sort());
  });

  it("drops the oldest waiting events when the buffer is full, and reports them", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const onDrop = vi.fn();
    const recorder = recorderFor(plainKey, {
      fetch: appFetch().fetch,
      maxBufferedEvents: 3,
      onDrop,
    });
    const events = Array.from({ length: 5 }, metric);
    for (const event of events) recorder.record(event);
    const dropped = onDrop.mock.calls.flatMap(([lost]) =>
      lost.map((e: { eventId: string }) => e.eventId),
    );
    expect(dropped).toEqual([events[0]?.eventId, events[1]?.eventId]);
    expect(onDrop.mock.calls.map(([, reason]) => reason)).toEqual(["buffer full", "buffer full"]);

    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ recorded: 5, sent: 3, dropped: 2, buffered: 0 });
    expect(await inboxIds(workspaceId)).toEqual(
      events
        .slice(2)
        .map((event) => event.eventId)
        .sort(),
    );
  });

  it("stops at 401 and 403 without retrying, reporting the events as unauthorized", async () => {
    const { plainKey: readKey } = await server.workspace({ scopes: ["read"] });
    for (const apiKey of ["stw_unknown", readKey]) {
      const onDrop = vi.fn();
      const { fetch, batches } = appFetch();
      const recorder = recorderFor(apiKey, { fetch, onDrop });
      recorder.record(metric());
      recorder.record(metric());
      await recorder.flush();
      expect(batches).toHaveLength(1);
      expect(onDrop).toHaveBeenCalledWith([expect.anything(), expect.anything()], "unauthorized");
      expect(recorder.stats()).toMatchObject({ retries: 0, dropped: 2, buffered: 0 });
    }
  });

  it("reports events the server rejects through onRejected and does not resend them", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    // A server on a stricter contract than this client: simulated by spoiling one event in transit.
    const batches: unknown[] = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      body.events[1].value = "many";
      batches.push(body);
      return server.app.request(String(input), { ...init, body: JSON.stringify(body) });
    }) as typeof globalThis.fetch;
    const onRejected = vi.fn();
    const recorder = recorderFor(plainKey, { fetch, onRejected });
    const events = [metric(), metric(), metric()];
    for (const event of events) recorder.record(event);
    await recorder.flush();

    expect(batches).toHaveLength(1);
    expect(onRejected).toHaveBeenCalledWith([
      {
        index: 1,
        eventId: events[1]?.eventId,
        errors: [expect.objectContaining({ path: "value" })],
        event: expect.objectContaining({ eventId: events[1]?.eventId }),
      },
    ]);
    expect(recorder.stats()).toMatchObject({ sent: 2, rejected: 1, retries: 0, buffered: 0 });
    expect(await inboxIds(workspaceId)).toEqual([events[0]?.eventId, events[2]?.eventId].sort());
  });

  it("flushes on close, and drops what is recorded after it", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const onDrop = vi.fn();
    const { fetch, batches } = appFetch();
    const recorder = recorderFor(plainKey, { fetch, onDrop });
    const events = [metric(), metric(), metric()];
    for (const event of events) recorder.record(event);
    await recorder.close();
    expect(await inboxIds(workspaceId)).toEqual(events.map((event) => event.eventId).sort());

    recorder.record(metric());
    await recorder.flush();
    expect(batches).toHaveLength(1);
    expect(onDrop).toHaveBeenCalledWith([expect.anything()], "closed");
  });
});
