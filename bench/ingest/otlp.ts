// The OTLP line of bench/ingest: agent traces in the GenAI semantic conventions, posted to
// POST /v1/traces as protobuf bodies encoded before the clock starts, timed until every event
// they become is applied; and, for the native figure on the same work, traces of the same
// shape mapped to Steward's events beforehand and posted to POST /v1/ingest.
import { randomBytes } from "node:crypto";
import type { TelemetryEventInput } from "@steward/events";
import {
  decodeTraceExport,
  decodeTraceResponseProto,
  encodeTraceRequestProto,
  mapSpans,
} from "@steward/otlp";
import { postAll, wallClockMs } from "./load";
import { log, type StewardUnderTest } from "./measure";
import { encodeBodies } from "./workload";

/** Traces per export: 85 traces of 6 spans, just under the OTel SDK's default batch of 512. */
const tracesPerExport = 85;

export type OtlpFigures = {
  spans: number;
  otlp: { events: number; seconds: number };
  native: { events: number; seconds: number };
};

type Attribute = { key: string; value: Record<string, unknown> };
const text = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const count = (key: string, value: number): Attribute => ({ key, value: { intValue: value } });
const nanos = (ms: number) => `${ms}000000`;

/** One agent run as a GenAI instrumentation exports it: 3 model calls, 2 tools, one failing. */
function agentTrace(startMs: number) {
  const traceId = randomBytes(16);
  const agentId = randomBytes(8);
  const span = (
    name: string,
    offsetMs: number,
    attributes: Attribute[],
    error?: string,
  ): Record<string, unknown> => ({
    traceId,
    // The agent span is the root; every other span is its child.
    ...(offsetMs === 0 ? { spanId: agentId } : { spanId: randomBytes(8), parentSpanId: agentId }),
    name,
    kind: 1,
    startTimeUnixNano: nanos(startMs + offsetMs),
    endTimeUnixNano: nanos(startMs + offsetMs + 90),
    attributes,
    status: { code: error ? 2 : 1 },
    events: error
      ? [
          {
            name: "exception",
            timeUnixNano: nanos(startMs + offsetMs + 80),
            attributes: [text("exception.message", error)],
          },
        ]
      : [],
  });
  const chat = (offsetMs: number, toolCall: string | null) =>
    span("chat gpt-4o", offsetMs, [
      text("gen_ai.operation.name", "chat"),
      text("gen_ai.provider.name", "openai"),
      text("gen_ai.request.model", "gpt-4o"),
      count("gen_ai.usage.input_tokens", 1200),
      count("gen_ai.usage.output_tokens", 80),
      count("gen_ai.usage.cache_read.input_tokens", 900),
      text(
        "gen_ai.output.messages",
        JSON.stringify([
          {
            role: "assistant",
            parts: toolCall
              ? [{ type: "tool_call", id: toolCall, name: "search" }]
              : [{ type: "text", content: "Done." }],
          },
        ]),
      ),
    ]);
  const tool = (offsetMs: number, callId: string, error?: string) =>
    span(
      "execute_tool search",
      offsetMs,
      [
        text("gen_ai.operation.name", "execute_tool"),
        text("gen_ai.tool.name", "search"),
        text("gen_ai.tool.call.id", callId),
        text("gen_ai.tool.call.arguments", '{"q":"steward"}'),
        ...(error ? [] : [text("gen_ai.tool.call.result", '{"hits":3}')]),
      ],
      error,
    );
  return [
    span("invoke_agent researcher", 0, [
      text("gen_ai.operation.name", "invoke_agent"),
      text("gen_ai.agent.name", "researcher"),
      text("gen_ai.conversation.id", traceId.toString("hex")),
    ]),
    chat(100, "call_1"),
    tool(200, "call_1"),
    chat(300, "call_2"),
    tool(400, "call_2", "index offline"),
    chat(500, null),
  ];
}

/** Protobuf export bodies of `traces` agent runs, and the events Steward makes of them. */
function otlpWorkload(traces: number) {
  const bodies: Uint8Array[] = [];
  const events: TelemetryEventInput[] = [];
  let spans = 0;
  const startMs = Date.now() - 3_600_000;
  for (let first = 0; first < traces; first += tracesPerExport) {
    const batch = Array.from({ length: Math.min(tracesPerExport, traces - first) }, (_, index) =>
      agentTrace(startMs + (first + index) * 1_000),
    ).flat();
    const body = encodeTraceRequestProto({
      resourceSpans: [
        {
          resource: { attributes: [text("service.name", "bench-agents")] },
          scopeSpans: [{ scope: { name: "bench" }, spans: batch }],
        },
      ],
    });
    const decoded = decodeTraceExport(body, "protobuf");
    if (!decoded.ok)
      throw new Error(`bench/ingest: an OTLP body does not decode: ${decoded.problem}`);
    const mapped = mapSpans(decoded.spans.spans);
    if (mapped.rejected.length > 0 || mapped.unplaced.length > 0) {
      throw new Error(
        `bench/ingest: spans the mapping refused: ${JSON.stringify(mapped.rejected)}`,
      );
    }
    bodies.push(body);
    events.push(...mapped.events.map((item) => item.event));
    spans += batch.length;
  }
  return { bodies, events, spans };
}

/** Posts every export as an OTLP exporter does, `concurrency` at a time; refuses a partial one. */
async function postExports(target: StewardUnderTest, bodies: Uint8Array[], concurrency: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < bodies.length; index = next++) {
        const response = await fetch(`${target.url}/v1/traces`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${target.apiKey}`,
            "content-type": "application/x-protobuf",
          },
          body: bodies[index] as Uint8Array<ArrayBuffer>,
        });
        const answer = new Uint8Array(await response.arrayBuffer());
        const partial = response.ok ? decodeTraceResponseProto(answer).partialSuccess : undefined;
        if (!response.ok || Number(partial?.rejectedSpans ?? 0) > 0) {
          throw new Error(
            `bench/ingest: POST /v1/traces answered ${response.status}: ${partial?.errorMessage ?? new TextDecoder().decode(answer).slice(0, 300)}`,
          );
        }
      }
    }),
  );
}

/** Seconds from the first post until the last of `events` is applied. */
async function timeToApplied(
  steward: StewardUnderTest,
  events: TelemetryEventInput[],
  label: string,
  post: () => Promise<unknown>,
) {
  const target = (await steward.ledger.count()) + events.length;
  const started = wallClockMs();
  const failed: { error?: unknown } = {};
  let sent = false;
  void post().then(
    () => (sent = true),
    (error: unknown) => (failed.error = error),
  );
  const deadline = performance.now() + 15 * 60_000;
  let nextLog = performance.now() + 1_000;
  for (;;) {
    if (failed.error) throw failed.error;
    if (sent && (await steward.ledger.inboxEmpty())) {
      const applied = await steward.ledger.count();
      if (applied >= target) break;
      if (performance.now() > deadline) throw new Error(`bench/ingest: ${label} stalled`);
    }
    if (performance.now() >= nextLog) {
      log(`${label}: ${await steward.ledger.count()} of ${target} events applied`);
      nextLog = performance.now() + 1_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const processed = await steward.ledger.processedAt();
  let last = 0;
  for (const { eventId } of events) {
    const at = processed.get(eventId);
    if (at === undefined) throw new Error(`bench/ingest: ${label} event ${eventId} not applied`);
    last = Math.max(last, at);
  }
  return (last - started) / 1000;
}

/** The same agent work through /v1/ingest (events mapped beforehand), then through /v1/traces. */
export async function measureOtlp(
  steward: StewardUnderTest,
  { traces, concurrency }: { traces: number; concurrency: number },
): Promise<OtlpFigures> {
  // Two workloads of the same shape: ids are derived from trace and span ids, so the native
  // run must not record the very rows the OTLP run then sends.
  const native = otlpWorkload(traces);
  const otlp = otlpWorkload(traces);
  log(`OTLP: ${otlp.spans} spans in ${otlp.bodies.length} exports (${otlp.events.length} events)`);
  const nativeBodies = encodeBodies(native.events);
  const nativeSeconds = await timeToApplied(steward, native.events, "native, same work", () =>
    postAll(steward, nativeBodies, concurrency),
  );
  const otlpSeconds = await timeToApplied(steward, otlp.events, "OTLP protobuf", () =>
    postExports(steward, otlp.bodies, concurrency),
  );
  return {
    spans: otlp.spans,
    otlp: { events: otlp.events.length, seconds: otlpSeconds },
    native: { events: native.events.length, seconds: nativeSeconds },
  };
}

export function otlpLine({ spans, otlp, native }: OtlpFigures) {
  const rate = (n: number, seconds: number) => (n / seconds).toFixed(0);
  return [
    `  OTLP spans/s (protobuf, end to end): ${rate(spans, otlp.seconds)}  vs native events/s on the same work: ${rate(native.events, native.seconds)}`,
    `      ${spans} spans → ${otlp.events} events in ${otlp.seconds.toFixed(2)} s; natively ${native.events} events in ${native.seconds.toFixed(2)} s (${rate(spans, native.seconds)} spans' worth/s)`,
  ].join("\n");
}
