import { describe, expect, it } from "vitest";
import { decodeTraceExport, traceEncodingOf } from "./decode-export";
import {
  decodeTraceResponseProto,
  encodeTraceRequestProto,
  encodeTraceResponseProto,
} from "./proto";

const traceHex = "5b8efff798038103d269b633813fc60c";
const spanHex = "eee19b7ec3c1b174";
const parentHex = "eee19b7ec3c1b173";

const exportOf = (ids: { traceId: unknown; spanId: unknown; parentSpanId?: unknown }) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "bot" } }] },
      scopeSpans: [
        {
          scope: { name: "test" },
          spans: [
            {
              ...ids,
              name: "chat",
              kind: 3,
              startTimeUnixNano: "1767225600000000000",
              endTimeUnixNano: "1767225601500000000",
              attributes: [
                { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
                { key: "gen_ai.request.temperature", value: { doubleValue: 0.5 } },
                {
                  key: "gen_ai.response.finish_reasons",
                  value: { arrayValue: { values: [{ stringValue: "stop" }] } },
                },
                {
                  key: "meta",
                  value: { kvlistValue: { values: [{ key: "a", value: { boolValue: true } }] } },
                },
              ],
              status: { code: 2, message: "boom" },
            },
          ],
        },
      ],
    },
  ],
});

const expected = {
  traceId: traceHex,
  spanId: spanHex,
  parentSpanId: parentHex,
  name: "chat",
  kind: 3,
  startTime: new Date("2026-01-01T00:00:00.000Z"),
  endTime: new Date("2026-01-01T00:00:01.500Z"),
  attributes: {
    "gen_ai.usage.input_tokens": 12,
    "gen_ai.request.temperature": 0.5,
    "gen_ai.response.finish_reasons": ["stop"],
    meta: { a: true },
  },
  events: [],
  status: { code: 2, message: "boom" },
  resource: { "service.name": "bot" },
  scope: "test",
};

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const base64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");

describe("decodeTraceExport", () => {
  it("reads OTLP/JSON with hex ids", () => {
    const decoded = decodeTraceExport(
      json(exportOf({ traceId: traceHex, spanId: spanHex, parentSpanId: parentHex })),
      "json",
    );
    expect(decoded).toEqual({ ok: true, spans: { spans: [expected], broken: [] } });
  });

  it("reads protobuf into the same spans as JSON", () => {
    const bytes = encodeTraceRequestProto(
      exportOf({
        traceId: base64(traceHex),
        spanId: base64(spanHex),
        parentSpanId: base64(parentHex),
      }),
    );
    expect(decodeTraceExport(bytes, "protobuf")).toEqual({
      ok: true,
      spans: { spans: [expected], broken: [] },
    });
  });

  it("lists a span without a usable id as broken, keeping the rest", () => {
    const request = exportOf({ traceId: traceHex, spanId: "" });
    const decoded = decodeTraceExport(json(request), "json");
    expect(decoded).toMatchObject({
      ok: true,
      spans: { spans: [], broken: [{ reason: expect.stringContaining("spanId") }] },
    });
  });

  it("refuses a body that is not an export", () => {
    expect(decodeTraceExport(new Uint8Array([0xff, 0xff, 0xff]), "protobuf").ok).toBe(false);
    expect(decodeTraceExport(json("just a string"), "json").ok).toBe(false);
    expect(decodeTraceExport(new TextEncoder().encode("{"), "json").ok).toBe(false);
  });

  it("reads the encoding from the content type", () => {
    expect(traceEncodingOf("application/x-protobuf")).toBe("protobuf");
    expect(traceEncodingOf("application/json; charset=utf-8")).toBe("json");
    expect(traceEncodingOf("text/plain")).toBeNull();
  });
});

describe("ExportTraceServiceResponse", () => {
  it("carries partial success only when a span was rejected", () => {
    expect(
      decodeTraceResponseProto(encodeTraceResponseProto({ rejectedSpans: 0, errorMessage: "" })),
    ).toEqual({});
    expect(
      decodeTraceResponseProto(encodeTraceResponseProto({ rejectedSpans: 2, errorMessage: "why" })),
    ).toEqual({ partialSuccess: { rejectedSpans: "2", errorMessage: "why" } });
  });
});
