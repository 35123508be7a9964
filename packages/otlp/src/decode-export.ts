import { decodeTraceRequestProto } from "./proto";
import { type ReadSpans, readSpans } from "./read-spans";

export type TraceEncoding = "protobuf" | "json";

/** The encoding a `Content-Type` names, or null for one OTLP/HTTP does not define. */
export function traceEncodingOf(contentType: string | null | undefined): TraceEncoding | null {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

export type DecodedExport = { ok: true; spans: ReadSpans } | { ok: false; problem: string };

/** An export's spans from its body; `ok: false` only when the body is not an export at all. */
export function decodeTraceExport(body: Uint8Array, encoding: TraceEncoding): DecodedExport {
  let request: unknown;
  try {
    request =
      encoding === "protobuf"
        ? decodeTraceRequestProto(body)
        : JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (error) {
    return {
      ok: false,
      problem: `The body is not an OTLP ${encoding} export: ${messageOf(error)}`,
    };
  }
  try {
    return { ok: true, spans: readSpans(request) };
  } catch (error) {
    return {
      ok: false,
      problem: `The body is not an OTLP ${encoding} export: ${messageOf(error)}`,
    };
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
