import { otlpLimits } from "@steward/otlp/limits";

const otlpSpec = "https://opentelemetry.io/docs/specs/otlp/#otlphttp";
const protobuf = (message: string) => ({
  "application/x-protobuf": {
    schema: {
      type: "string",
      contentMediaType: "application/x-protobuf",
      description: `An \`${message}\` (opentelemetry-proto), binary protobuf`,
    },
  },
});

/** OTLP/JSON: the protobuf messages in proto3 JSON, trace and span ids as hex strings. */
const exportRequest = {
  type: "object",
  description:
    "An `ExportTraceServiceRequest` in OTLP/JSON: the protobuf message as proto3 JSON, with trace and span ids as hex strings and enums as integers",
  properties: { resourceSpans: { type: "array", items: { type: "object" } } },
};
const exportResponse = {
  type: "object",
  description:
    "An `ExportTraceServiceResponse`: empty when every span was accepted, else how many were rejected and why",
  properties: {
    partialSuccess: {
      type: "object",
      properties: {
        rejectedSpans: { type: "string", description: "An int64, as proto3 JSON writes it" },
        errorMessage: { type: "string" },
      },
    },
  },
};
const problem = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
};
const retryAfter = {
  "Retry-After": {
    description: "Seconds to wait before sending the export again; OTLP exporters honour it",
    schema: { type: "integer", minimum: 0 },
  },
};
const problemAnswer = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: problem } },
});

/** `POST /v1/traces`, the OTLP/HTTP trace receiver, as OpenAPI describes an operation. */
export const otlpTracesPathItem = {
  post: {
    operationId: "otlpTraces",
    tags: ["ingest"],
    summary: "OpenTelemetry traces over OTLP/HTTP, protobuf or JSON",
    description:
      "Point an OpenTelemetry exporter here (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, with `Authorization=Bearer stw_…` in `OTEL_EXPORTER_OTLP_HEADERS`; the key needs the `ingest` scope). GenAI spans become invocations, steps and tool calls; other spans are not recorded. The answer is sent once the accepted spans are committed, in the request's encoding.",
    externalDocs: { description: "OTLP/HTTP", url: otlpSpec },
    parameters: [
      {
        name: "Content-Encoding",
        in: "header",
        required: false,
        description: `gzip or none. The body may be up to ${otlpLimits.maxBodyBytes} bytes as sent and ${otlpLimits.maxDecodedBytes} once decompressed.`,
        schema: { type: "string", enum: ["gzip", "identity"] },
      },
    ],
    requestBody: {
      required: true,
      content: {
        ...protobuf("ExportTraceServiceRequest"),
        "application/json": { schema: exportRequest },
      },
    },
    responses: {
      200: {
        description:
          "The spans were taken; any that cannot be recorded are counted in `partialSuccess.rejectedSpans`, with why in `errorMessage`",
        content: {
          ...protobuf("ExportTraceServiceResponse"),
          "application/json": { schema: exportResponse },
        },
      },
      400: problemAnswer("The body does not decode (not OTLP, or not valid gzip)"),
      401: problemAnswer("No key, or a key that is unknown, revoked or expired"),
      403: problemAnswer('The key lacks the "ingest" scope'),
      413: problemAnswer(
        `The body is over ${otlpLimits.maxBodyBytes} bytes, or over ${otlpLimits.maxDecodedBytes} once decompressed`,
      ),
      415: problemAnswer(
        "The content type is not application/x-protobuf or application/json, or the content encoding not gzip",
      ),
      429: problemAnswer("Too many exports or requests at once; retry after the delay", retryAfter),
      503: problemAnswer(
        "Steward is shedding load (its inbox is full, or too many bodies are being read) or its database is unreachable; retry after the delay",
        retryAfter,
      ),
    },
  },
};
