import { gzipSync } from "node:zlib";
import { silentLogger } from "@steward/api";
import { agentInvocations } from "@steward/db";
import { decodeTraceResponseProto, deriveId } from "@steward/otlp";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../testing";
import { applyInbox, type OtlpJsonRequest, postTraces, readTelemetry } from "../testing/otlp";
import { createOtlpTracesRoute } from "./otlp-traces-route";

const server = useTestServer();

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const ms = (offset: number) => String((Date.parse("2026-03-01T10:00:00Z") + offset) * 1_000_000);
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

type SpanInput = {
  spanId: string;
  parent?: string;
  name: string;
  at: number;
  attributes: { key: string; value: unknown }[];
  error?: string;
};

function otlpSpan({ spanId, parent, name, at, attributes, error }: SpanInput) {
  return {
    traceId,
    spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: ms(at),
    endTimeUnixNano: ms(at + 400),
    attributes,
    ...(error
      ? {
          status: { code: 2 },
          events: [
            {
              name: "exception",
              timeUnixNano: ms(at + 300),
              attributes: [text("exception.type", "Error"), text("exception.message", error)],
            },
          ],
        }
      : { status: { code: 1 } }),
  };
}

/** An agent with two model calls and a failing tool, under an HTTP span Steward does not record. */
function agentSpans(): Record<string, unknown>[] {
  return [
    otlpSpan({
      spanId: "00000000000000a0",
      name: "POST /ask",
      at: 0,
      attributes: [text("http.request.method", "POST")],
    }),
    otlpSpan({
      spanId: "00000000000000a1",
      parent: "00000000000000a0",
      name: "invoke_agent Researcher",
      at: 10,
      attributes: [
        text("gen_ai.operation.name", "invoke_agent"),
        text("gen_ai.agent.name", "Researcher"),
        text("gen_ai.conversation.id", "thread-42"),
        // The agent repeats its steps' totals; they must not be counted twice.
        int("gen_ai.usage.input_tokens", 300),
      ],
    }),
    otlpSpan({
      spanId: "00000000000000c1",
      parent: "00000000000000a1",
      name: "chat gpt-4o",
      at: 20,
      attributes: [
        text("gen_ai.operation.name", "chat"),
        text("gen_ai.provider.name", "openai"),
        text("gen_ai.request.model", "gpt-4o"),
        int("gen_ai.usage.input_tokens", 100),
        int("gen_ai.usage.output_tokens", 10),
        int("gen_ai.usage.cache_read.input_tokens", 60),
        text(
          "gen_ai.output.messages",
          JSON.stringify([
            { role: "assistant", parts: [{ type: "tool_call", id: "call_a", name: "search" }] },
          ]),
        ),
        {
          key: "gen_ai.response.finish_reasons",
          value: { arrayValue: { values: [{ stringValue: "tool_calls" }] } },
        },
      ],
    }),
    otlpSpan({
      spanId: "00000000000000f1",
      parent: "00000000000000a1",
      name: "execute_tool search",
      at: 30,
      attributes: [
        text("gen_ai.operation.name", "execute_tool"),
        text("gen_ai.tool.name", "search"),
        text("gen_ai.tool.call.id", "call_a"),
        text("gen_ai.tool.call.arguments", '{"q":"otlp"}'),
      ],
      error: "index offline",
    }),
    otlpSpan({
      spanId: "00000000000000c2",
      parent: "00000000000000a1",
      name: "chat gpt-4o",
      at: 40,
      attributes: [
        text("gen_ai.operation.name", "chat"),
        text("gen_ai.request.model", "gpt-4o"),
        int("gen_ai.usage.input_tokens", 200),
        int("gen_ai.usage.output_tokens", 20),
      ],
    }),
  ];
}

function exportOf(spans: Record<string, unknown>[]): OtlpJsonRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [text("service.name", "research-app")] },
        scopeSpans: [{ scope: { name: "test" }, spans }],
      },
    ],
  };
}

const spanUuid = (spanId: string) => deriveId(`${traceId}:${spanId}`);

describe("POST /v1/traces", () => {
  it("records an agent's spans as an invocation, steps and a failed tool call", async () => {
    const { workspaceId, plainKey } = await server.workspace({ scopes: ["ingest"] });
    const response = await postTraces(server.app, plainKey, exportOf(agentSpans()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    await applyInbox(server.db);
    const rows = await readTelemetry(server.db, workspaceId);
    expect(rows.invocations).toEqual([
      expect.objectContaining({
        id: spanUuid("00000000000000a1"),
        agentType: null,
        agentName: "Researcher",
        traceId,
        conversationKey: "thread-42",
        status: "completed",
        inputTokens: 300,
        outputTokens: 30,
        cacheReadTokens: 60,
        stepCount: 2,
      }),
    ]);
    expect(
      rows.steps.map((step) => [step.stepNumber, step.inputTokens, step.finishReason]),
    ).toEqual(
      expect.arrayContaining([
        [0, 100, "tool-calls"],
        [1, 200, null],
      ]),
    );
    expect(rows.toolCalls).toEqual([
      expect.objectContaining({
        stepId: spanUuid("00000000000000c1"),
        toolCallId: "call_a",
        toolName: "search",
        input: { q: "otlp" },
        outputType: "error-text",
        error: "Error: index offline",
        status: "failed",
      }),
    ]);
  });

  it("records an export once, whether sent twice, as protobuf, gzipped, or in reverse order", async () => {
    const first = await server.workspace({ scopes: ["ingest"] });
    const second = await server.workspace({ scopes: ["ingest"] });
    const request = exportOf(agentSpans());
    expect((await postTraces(server.app, first.plainKey, request)).status).toBe(200);
    expect((await postTraces(server.app, first.plainKey, request)).status).toBe(200);
    const proto = await postTraces(server.app, first.plainKey, request, {
      encoding: "protobuf",
      gzip: true,
    });
    expect(proto.status).toBe(200);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeTraceResponseProto(new Uint8Array(await proto.arrayBuffer()))).toEqual({});
    await applyInbox(server.db);
    const reversed = exportOf(agentSpans().reverse());
    expect(
      (await postTraces(server.app, second.plainKey, reversed, { encoding: "protobuf" })).status,
    ).toBe(200);
    await applyInbox(server.db);
    const once = await readTelemetry(server.db, first.workspaceId);
    expect(once.invocations).toHaveLength(1);
    expect(once.steps).toHaveLength(2);
    expect(once.toolCalls).toHaveLength(1);
    expect(once.invocations[0]?.inputTokens).toBe(300);
    expect(await readTelemetry(server.db, second.workspaceId)).toEqual(once);
  });

  it("lands model calls and tools exported before their agent span, as a batch processor sends them", async () => {
    const whole = await server.workspace({ scopes: ["ingest"] });
    const split = await server.workspace({ scopes: ["ingest"] });
    await postTraces(server.app, whole.plainKey, exportOf(agentSpans()));
    await applyInbox(server.db);
    const [http, agent, ...children] = agentSpans();
    const early = await postTraces(server.app, split.plainKey, exportOf(children));
    expect(await early.json()).toEqual({});
    await applyInbox(server.db);
    await postTraces(server.app, split.plainKey, exportOf([agent ?? {}, http ?? {}]));
    await applyInbox(server.db);
    expect(await readTelemetry(server.db, split.workspaceId)).toEqual(
      await readTelemetry(server.db, whole.workspaceId),
    );
  });

  it("records the rest of a mixed export and counts the span it cannot record", async () => {
    const { workspaceId, plainKey } = await server.workspace({ scopes: ["ingest"] });
    const spans = agentSpans();
    const broken = { ...spans[4], spanId: "" };
    const response = await postTraces(
      server.app,
      plainKey,
      exportOf([...spans.slice(0, 4), broken]),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedSpans).toBe("1");
    expect(answer.partialSuccess.errorMessage).toContain("spanId");
    await applyInbox(server.db);
    const rows = await readTelemetry(server.db, workspaceId);
    expect([rows.invocations.length, rows.steps.length, rows.toolCalls.length]).toEqual([1, 1, 1]);
  });

  it("never attaches spans to another workspace's rows, whatever ids they carry", async () => {
    const owner = await server.workspace({ scopes: ["ingest"] });
    const other = await server.workspace({ scopes: ["ingest"] });
    await postTraces(server.app, owner.plainKey, exportOf(agentSpans()));
    await applyInbox(server.db);
    const before = await readTelemetry(server.db, owner.workspaceId);
    // A model call naming the owner's agent span as its parent: it waits in its own workspace.
    const child = agentSpans()[4] as Record<string, unknown>;
    const orphan = { ...child, spanId: "00000000000000e9" };
    expect((await postTraces(server.app, other.plainKey, exportOf([orphan]))).status).toBe(200);
    await applyInbox(server.db);
    expect(await readTelemetry(server.db, owner.workspaceId)).toEqual(before);
    expect(await readTelemetry(server.db, other.workspaceId)).toEqual({
      invocations: [],
      steps: [],
      toolCalls: [],
    });
  });

  it("lists invocations by trace, conversation and agent name", async () => {
    const { plainKey, client } = await server.workspace({ scopes: ["ingest", "read"] });
    await postTraces(server.app, plainKey, exportOf(agentSpans()));
    await applyInbox(server.db);
    for (const filter of [
      { traceId },
      { conversationKey: "thread-42" },
      { agentName: "Researcher" },
    ]) {
      const page = await client.invocations.list.query(filter);
      expect(
        page.items.map((item) => item.agentName),
        JSON.stringify(filter),
      ).toEqual(["Researcher"]);
    }
    expect((await client.invocations.list.query({ traceId: "f".repeat(32) })).items).toEqual([]);
    // Usage by agent groups an agent of another framework under no type.
    const byAgent = await client.usage.tokens.query({
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-02T00:00:00Z",
      groupBy: ["agent"],
    });
    expect(byAgent.map((row) => [row.agentType, row.inputTokens, row.steps])).toEqual([
      [null, 300, 2],
    ]);
  });

  it("answers 400 for an undecodable body, 415, 401, 403 and 413 at the door", async () => {
    const ingest = await server.workspace({ scopes: ["ingest"] });
    const reader = await server.workspace({ scopes: ["read"] });
    expect((await postTraces(server.app, ingest.plainKey, "{not json")).status).toBe(400);
    expect(
      (
        await postTraces(server.app, ingest.plainKey, new Uint8Array([0xff, 0xff]), {
          encoding: "protobuf",
        })
      ).status,
    ).toBe(400);
    const notGzip = await server.app.request("/v1/traces", {
      method: "POST",
      headers: {
        authorization: `Bearer ${ingest.plainKey}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body: "{}",
    });
    expect(notGzip.status).toBe(400);
    const plain = await server.app.request("/v1/traces", {
      method: "POST",
      headers: { authorization: `Bearer ${ingest.plainKey}`, "content-type": "text/plain" },
      body: "{}",
    });
    expect(plain.status).toBe(415);
    expect((await postTraces(server.app, "stw_unknown", exportOf([]))).status).toBe(401);
    expect((await postTraces(server.app, reader.plainKey, exportOf([]))).status).toBe(403);
    const bomb = gzipSync(Buffer.alloc(17 * 1024 * 1024, 32));
    expect(
      (await postTraces(server.app, ingest.plainKey, bomb, { gzip: false, encoding: "json" }))
        .status,
    ).toBe(400);
    const compressedBomb = await server.app.request("/v1/traces", {
      method: "POST",
      headers: {
        authorization: `Bearer ${ingest.plainKey}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body: bomb,
    });
    expect(compressedBomb.status).toBe(413);
    const large = await postTraces(server.app, ingest.plainKey, " ".repeat(5 * 1024 * 1024));
    expect(large.status).toBe(413);
  });

  it("sheds load with 429 and Retry-After", async () => {
    const { plainKey } = await server.workspace({ scopes: ["ingest"] });
    const route = createOtlpTracesRoute({ db: server.db, logger: silentLogger, maxInFlight: 0 });
    const response = await postTraces(route as never, plainKey, exportOf([]));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("keeps an invocation row's agent type empty rather than guessing one", async () => {
    const { workspaceId, plainKey } = await server.workspace({ scopes: ["ingest"] });
    await postTraces(server.app, plainKey, exportOf(agentSpans()));
    await applyInbox(server.db);
    const [row] = await server.db
      .select({ agentType: agentInvocations.agentType })
      .from(agentInvocations)
      .where(eq(agentInvocations.workspaceId, workspaceId));
    expect(row).toEqual({ agentType: null });
  });
});
