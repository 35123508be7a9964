import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeTraceRequestProto } from "@steward/otlp";
import type { OtlpJsonRequest } from "../testing/otlp";

/**
 * Turns each captured payload into what an exporter sends. The captures come in three shapes
 * (the fixtures' README): OTLP with base64 ids and enum names, one `ResourceSpans` as protobufjs
 * decodes it (ids as Node Buffer dumps, int64 as Long objects), and OTel JS `ReadableSpan` dumps.
 */
export function readFixture(folder: string, file: string): unknown {
  return JSON.parse(readFileSync(join(folder, file), "utf8"));
}

/** Protobuf bytes of a capture in either OTLP-like shape; protobufjs reads base64 and Longs. */
export function protobufOfCapture(capture: unknown): Uint8Array {
  const request =
    isRecord(capture) && "resourceSpans" in capture ? capture : { resourceSpans: [capture] };
  return encodeTraceRequestProto(revive(request));
}

/** The OTLP/JSON form of a capture with base64 ids: hex ids, as the JSON encoding requires. */
export function jsonOfBase64Capture(capture: unknown): OtlpJsonRequest {
  const ids = new Set(["traceId", "spanId", "parentSpanId"]);
  const convert = (value: unknown, key?: string): unknown => {
    if (key && ids.has(key) && typeof value === "string") {
      return Buffer.from(value, "base64").toString("hex");
    }
    if (Array.isArray(value)) return value.map((item) => convert(item));
    if (isRecord(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    return value;
  };
  return convert(capture) as OtlpJsonRequest;
}

type ReadableSpanDump = {
  name: string;
  spanContext: { traceId: string; spanId: string };
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  startTime: [number, number];
  endTime: [number, number];
  events: { name: string; time: [number, number]; attributes: Record<string, unknown> }[];
};

/**
 * OTLP/JSON for OTel JS span dumps. The dumps lost their parents (sdk-trace-base 2.x moved
 * `parentSpanId` into `parentSpanContext`, which the capture did not keep) and each span got a
 * trace of its own; the capture lists each model call (`ai.X.doY`) right before its `ai.X`
 * root, so each call is put back under the root that follows it, in that root's trace.
 */
export function jsonOfReadableSpans(dumps: ReadableSpanDump[]): OtlpJsonRequest {
  const spans = dumps.map((dump, index) => {
    const root = dumps[index + 1];
    const isCall = /\.do[A-Z]\w*$/.test(dump.name) && root && dump.name.startsWith(`${root.name}.`);
    return {
      traceId: isCall ? root.spanContext.traceId : dump.spanContext.traceId,
      spanId: dump.spanContext.spanId,
      ...(isCall ? { parentSpanId: root.spanContext.spanId } : {}),
      name: dump.name,
      kind: 1,
      startTimeUnixNano: nanos(dump.startTime),
      endTimeUnixNano: nanos(dump.endTime),
      attributes: Object.entries(dump.attributes).map(([key, value]) => ({
        key,
        value: anyValue(value),
      })),
      events: dump.events.map((event) => ({
        name: event.name,
        timeUnixNano: nanos(event.time),
        attributes: Object.entries(event.attributes).map(([key, value]) => ({
          key,
          value: anyValue(value),
        })),
      })),
      status: dump.status,
    };
  });
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: "service.name", value: { stringValue: "ai-sdk-capture" } }],
        },
        scopeSpans: [{ scope: { name: "ai" }, spans }],
      },
    ],
  };
}

const nanos = ([seconds, nanoseconds]: [number, number]) =>
  (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();

function anyValue(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { stringValue: JSON.stringify(value) };
}

/** Node Buffer dumps (`{ type: "Buffer", data }`) back to bytes. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (isRecord(value)) {
    if (value.type === "Buffer" && Array.isArray(value.data))
      return Buffer.from(value.data as number[]);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revive(item)]));
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
