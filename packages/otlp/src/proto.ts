import { createRequire } from "node:module";

type Message = Record<string, unknown>;
type MessageType = {
  decode(bytes: Uint8Array): Message;
  encode(message: Message): { finish(): Uint8Array };
  fromObject(object: unknown): Message;
  toObject(message: Message, options: Record<string, unknown>): Message;
};

// The official OTLP definitions, compiled to protobufjs static code by the OpenTelemetry JS
// project and shipped in this package. Its types declare only a generic root, so the two
// messages the traces endpoint speaks are named here.
const root = createRequire(import.meta.url)(
  "@opentelemetry/otlp-transformer/build/src/generated/root.js",
) as {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: { ExportTraceServiceRequest: MessageType; ExportTraceServiceResponse: MessageType };
        };
      };
    };
  };
};

const traceService = root.opentelemetry.proto.collector.trace.v1;

/**
 * An `ExportTraceServiceRequest` from its protobuf bytes, as a plain object: int64 values as
 * decimal strings, enums as numbers, bytes as `Uint8Array`. Throws on bytes that are not one.
 */
export function decodeTraceRequestProto(bytes: Uint8Array): unknown {
  const message = traceService.ExportTraceServiceRequest.decode(bytes);
  return traceService.ExportTraceServiceRequest.toObject(message, {
    longs: String,
    enums: Number,
    arrays: true,
  });
}

/**
 * The protobuf bytes of an `ExportTraceServiceRequest` given as an object in any form
 * protobufjs converts from (hex is not one: ids are base64 strings or byte arrays).
 */
export function encodeTraceRequestProto(request: unknown): Uint8Array {
  const type = traceService.ExportTraceServiceRequest;
  return type.encode(type.fromObject(request)).finish();
}

export type TraceExportAnswer = { rejectedSpans: number; errorMessage: string };

/** An `ExportTraceServiceResponse`; `partialSuccess` only when a span was rejected. */
export function encodeTraceResponseProto(answer: TraceExportAnswer): Uint8Array {
  const type = traceService.ExportTraceServiceResponse;
  return type
    .encode(
      type.fromObject(
        answer.rejectedSpans > 0
          ? {
              partialSuccess: {
                rejectedSpans: answer.rejectedSpans,
                errorMessage: answer.errorMessage,
              },
            }
          : {},
      ),
    )
    .finish();
}

/** Reads a protobuf `ExportTraceServiceResponse` (for tests and clients). */
export function decodeTraceResponseProto(bytes: Uint8Array): {
  partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
} {
  const type = traceService.ExportTraceServiceResponse;
  return type.toObject(type.decode(bytes), { longs: String }) as {
    partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
  };
}
