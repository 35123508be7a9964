export {
  type DecodedExport,
  decodeTraceExport,
  type TraceEncoding,
  traceEncodingOf,
} from "./decode-export";
export { deriveId } from "./derive-id";
export { otlpLimits } from "./limits";
export { type MappedEvent, type MappedSpans, mapSpans, placeToolCall } from "./map-spans";
export {
  decodeTraceResponseProto,
  encodeTraceRequestProto,
  encodeTraceResponseProto,
  type TraceExportAnswer,
} from "./proto";
export type { BrokenSpan, OtlpSpan, ReadSpans } from "./read-spans";
