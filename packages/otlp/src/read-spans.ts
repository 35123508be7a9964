/**
 * Reads an `ExportTraceServiceRequest` (OTLP/JSON as parsed, or protobuf as decoded to a plain
 * object) into spans with hex ids, dates and plain attribute values. A span that cannot be
 * recorded (no usable ids) is listed with why, never dropped.
 */

export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type SpanEvent = { name: string; time: Date | null; attributes: Attributes };

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startTime: Date | null;
  endTime: Date | null;
  attributes: Attributes;
  events: SpanEvent[];
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string | null };
  resource: Attributes;
  scope: string | null;
};

export type BrokenSpan = { traceId: string | null; spanId: string | null; reason: string };
export type ReadSpans = { spans: OtlpSpan[]; broken: BrokenSpan[] };

type Loose = Record<string, unknown>;

const statusCodes: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};
const spanKinds: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

/** Throws only when the request itself is not shaped as an export (the body is undecodable). */
export function readSpans(request: unknown): ReadSpans {
  if (!isObject(request)) throw new Error("the body is not an ExportTraceServiceRequest object");
  const resourceSpans = request.resourceSpans ?? request.resource_spans ?? [];
  if (!Array.isArray(resourceSpans)) throw new Error("resourceSpans is not a list");
  const result: ReadSpans = { spans: [], broken: [] };
  for (const entry of resourceSpans) {
    if (!isObject(entry)) continue;
    const resource = readAttributes((entry.resource as Loose | undefined)?.attributes);
    const scopeSpans = entry.scopeSpans ?? entry.scope_spans ?? [];
    if (!Array.isArray(scopeSpans)) continue;
    for (const scoped of scopeSpans) {
      if (!isObject(scoped)) continue;
      const scopeName = (scoped.scope as Loose | undefined)?.name;
      for (const raw of Array.isArray(scoped.spans) ? scoped.spans : []) {
        readSpan(raw, resource, typeof scopeName === "string" ? scopeName : null, result);
      }
    }
  }
  return result;
}

function readSpan(raw: unknown, resource: Attributes, scope: string | null, into: ReadSpans) {
  if (!isObject(raw)) {
    into.broken.push({ traceId: null, spanId: null, reason: "a span is not an object" });
    return;
  }
  const traceId = readId(raw.traceId ?? raw.trace_id, 16);
  const spanId = readId(raw.spanId ?? raw.span_id, 8);
  if (!traceId || !spanId) {
    into.broken.push({
      traceId,
      spanId,
      reason: `span "${String(raw.name ?? "")}" has no valid ${traceId ? "spanId" : "traceId"}`,
    });
    return;
  }
  const status = isObject(raw.status) ? raw.status : {};
  into.spans.push({
    traceId,
    spanId,
    parentSpanId: readId(raw.parentSpanId ?? raw.parent_span_id, 8),
    name: typeof raw.name === "string" ? raw.name : "",
    kind: readEnum(raw.kind, spanKinds),
    startTime: readTime(raw.startTimeUnixNano ?? raw.start_time_unix_nano),
    endTime: readTime(raw.endTimeUnixNano ?? raw.end_time_unix_nano),
    attributes: readAttributes(raw.attributes),
    events: (Array.isArray(raw.events) ? raw.events : []).filter(isObject).map((event) => ({
      name: typeof event.name === "string" ? event.name : "",
      time: readTime(event.timeUnixNano ?? event.time_unix_nano),
      attributes: readAttributes(event.attributes),
    })),
    status: {
      code: readEnum(status.code, statusCodes),
      message: typeof status.message === "string" && status.message ? status.message : null,
    },
    resource,
    scope,
  });
}

/** Ids are hex in OTLP/JSON and bytes in protobuf; base64 strings (some exporters) are read too. */
function readId(value: unknown, bytes: number): string | null {
  let hex: string | null = null;
  if (value instanceof Uint8Array) hex = Buffer.from(value).toString("hex");
  else if (typeof value === "string") {
    if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)) hex = value.toLowerCase();
    else if (value.length === Math.ceil(bytes / 3) * 4) {
      const decoded = Buffer.from(value, "base64");
      if (decoded.length === bytes) hex = decoded.toString("hex");
    }
  }
  // An all-zero id is the protocol's "none".
  return hex && /[^0]/.test(hex) ? hex : null;
}

function readEnum(value: unknown, names: Record<string, number>): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return names[value] ?? (Number(value) || 0);
  return 0;
}

function readTime(value: unknown): Date | null {
  let nanos: bigint;
  try {
    if (typeof value === "string" && /^\d+$/.test(value)) nanos = BigInt(value);
    else if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
      nanos = BigInt(Math.trunc(value));
    } else if (isObject(value) && typeof value.low === "number" && typeof value.high === "number") {
      nanos = (BigInt(value.high >>> 0) << 32n) + BigInt(value.low >>> 0);
    } else return null;
  } catch {
    return null;
  }
  if (nanos === 0n) return null;
  const date = new Date(Number(nanos / 1_000_000n));
  return Number.isNaN(date.getTime()) ? null : date;
}

function readAttributes(list: unknown): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(list)) return attributes;
  for (const item of list) {
    if (isObject(item) && typeof item.key === "string") {
      attributes[item.key] = readValue(item.value);
    }
  }
  return attributes;
}

function readValue(value: unknown): AttributeValue {
  if (!isObject(value)) return null;
  if (typeof value.stringValue === "string") return value.stringValue;
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (value.intValue !== undefined && value.intValue !== null) return readInt(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) {
    const number = Number(value.doubleValue);
    return Number.isFinite(number) ? number : String(value.doubleValue);
  }
  if (isObject(value.arrayValue)) {
    const values = value.arrayValue.values;
    return Array.isArray(values) ? values.map(readValue) : [];
  }
  if (isObject(value.kvlistValue)) return readAttributes(value.kvlistValue.values);
  if (value.bytesValue instanceof Uint8Array)
    return Buffer.from(value.bytesValue).toString("base64");
  if (typeof value.bytesValue === "string") return value.bytesValue;
  return null;
}

/** int64 as a number when it is one exactly, else its decimal string. */
function readInt(value: unknown): AttributeValue {
  let big: bigint | null = null;
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) big = BigInt(value);
  else if (isObject(value) && typeof value.low === "number" && typeof value.high === "number") {
    big = BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) + BigInt(value.low >>> 0));
    if (value.unsigned === true) big = BigInt.asUintN(64, big);
  }
  if (big === null) return null;
  const number = Number(big);
  return Number.isSafeInteger(number) ? number : big.toString();
}

function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
