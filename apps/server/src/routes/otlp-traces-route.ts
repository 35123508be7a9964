import { gunzipSync } from "node:zlib";
import { type ApiLogger, acceptEvents } from "@steward/api";
import { type Database, findInvocationSteps, findNextStepNumbers } from "@steward/db";
import { ingestLimits } from "@steward/events";
import {
  decodeTraceExport,
  encodeTraceResponseProto,
  type MappedEvent,
  type MappedSpans,
  mapSpans,
  otlpLimits,
  placeToolCall,
  type TraceEncoding,
  type TraceExportAnswer,
  traceEncodingOf,
} from "@steward/otlp";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problem, resolveIngester } from "./ingest-caller";

/**
 * POST /v1/traces, OTLP/HTTP: GenAI spans become Steward's own events and go through the same
 * accept path as /v1/ingest, so the inbox, ordering, deduplication and dead letters behave the
 * same. The answer comes after the accepted spans are committed; every span that cannot be
 * recorded is counted in `partialSuccess` with why.
 */
export function createOtlpTracesRoute({
  db,
  logger,
  maxInFlight = otlpLimits.maxInFlight,
}: {
  db: Database;
  logger: ApiLogger;
  maxInFlight?: number;
}) {
  const route = new Hono();
  let inFlight = 0;
  route.post(
    "/v1/traces",
    bodyLimit({
      maxSize: otlpLimits.maxBodyBytes,
      onError: (c) =>
        c.json(problem("PAYLOAD_TOO_LARGE", `Body over ${otlpLimits.maxBodyBytes} bytes`), 413),
    }),
    async (c) => {
      const encoding = traceEncodingOf(c.req.header("content-type"));
      if (!encoding) {
        return c.json(
          problem("UNSUPPORTED_MEDIA_TYPE", "Send application/x-protobuf or application/json"),
          415,
        );
      }
      const context = await resolveIngester(c, { db, logger });
      if (context instanceof Response) return context;
      if (inFlight >= maxInFlight) {
        c.header("Retry-After", "1");
        return c.json(problem("TOO_MANY_REQUESTS", "Too many exports at once; retry shortly"), 429);
      }
      inFlight++;
      try {
        const body = await readBody(c);
        if ("status" in body) return c.json(problem(body.code, body.message), body.status);
        const decoded = decodeTraceExport(body.bytes, encoding);
        if (!decoded.ok) return c.json(problem("BAD_REQUEST", decoded.problem), 400);
        const mapped = mapSpans(decoded.spans.spans);
        // Room for the whole export, before any of its batches commits.
        await context.admitEvents?.(mapped.events.length);
        await continueStepNumbers(db, context.auth.workspaceId, mapped.events);
        await placeToolCalls(db, context.auth.workspaceId, mapped);
        const { refused, counts } = await acceptInBatches(
          db,
          context.auth.workspaceId,
          mapped.events,
        );
        context.observeIngest?.(counts);
        const reasons = [
          ...decoded.spans.broken.map((span) => span.reason),
          ...mapped.rejected.map((span) => span.reason),
          ...refused.values(),
        ];
        return answer(c, encoding, {
          rejectedSpans: reasons.length,
          errorMessage: summarize(reasons),
        });
      } finally {
        inFlight--;
      }
    },
  );
  return route;
}

type Body = { bytes: Uint8Array } | { status: 400 | 413 | 415; code: string; message: string };

async function readBody(c: Context): Promise<Body> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const contentEncoding = (c.req.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (contentEncoding === "identity" || contentEncoding === "") return { bytes: raw };
  if (contentEncoding !== "gzip") {
    return {
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Content-Encoding must be gzip or none",
    };
  }
  try {
    return { bytes: gunzipSync(raw, { maxOutputLength: otlpLimits.maxDecodedBytes }) };
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
    ) {
      return {
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
        message: `Body over ${otlpLimits.maxDecodedBytes} bytes once decompressed`,
      };
    }
    return { status: 400, code: "BAD_REQUEST", message: "The body is not valid gzip" };
  }
}

/**
 * Accepts the events in batches of the ingest contract's size, each committed before the next;
 * answers the spans any of whose events were refused, with the first refusal's fields, and
 * how many events were accepted and rejected.
 */
async function acceptInBatches(db: Database, workspaceId: string, events: MappedEvent[]) {
  const refused = new Map<string, string>();
  const counts = { accepted: 0, rejected: 0 };
  for (let start = 0; start < events.length; start += ingestLimits.maxEventsPerBatch) {
    const batch = events.slice(start, start + ingestLimits.maxEventsPerBatch);
    const result = await acceptEvents(db, { workspaceId, events: batch.map((item) => item.event) });
    counts.accepted += result.accepted.length;
    counts.rejected += result.rejected.length;
    for (const rejected of result.rejected) {
      const span = batch[rejected.index]?.span ?? "?";
      if (refused.has(span)) continue;
      const fields = rejected.errors.map((error) => `${error.path}: ${error.message}`).join("; ");
      refused.set(span, `span ${span.split(":")[1]}: ${fields}`);
    }
  }
  return { refused, counts };
}

/**
 * An agent's model calls may come over several exports, each numbering its own from 0: they
 * continue after the steps the invocation already has, recorded or waiting.
 */
async function continueStepNumbers(db: Database, workspaceId: string, events: MappedEvent[]) {
  const steps = events.flatMap(({ event }) => (event.type === "step.finished" ? [event] : []));
  const invocationIds = [...new Set(steps.map((step) => step.invocationId))];
  const next = await findNextStepNumbers(db, { workspaceId, invocationIds });
  for (const step of steps) step.stepNumber += next.get(step.invocationId) ?? 0;
}

/** Tool calls whose model call came in an earlier export go under the step it recorded. */
async function placeToolCalls(db: Database, workspaceId: string, mapped: MappedSpans) {
  if (mapped.unplaced.length === 0) return;
  const invocationIds = [...new Set(mapped.unplaced.map((tool) => tool.invocationId))];
  const steps = await findInvocationSteps(db, { workspaceId, invocationIds });
  for (const tool of mapped.unplaced) {
    placeToolCall(mapped, tool, steps.get(tool.invocationId) ?? []);
  }
}

function summarize(reasons: string[]): string {
  if (reasons.length === 0) return "";
  const shown = reasons.slice(0, 5).join(" | ");
  return reasons.length > 5 ? `${shown} | and ${reasons.length - 5} more` : shown;
}

function answer(c: Context, encoding: TraceEncoding, result: TraceExportAnswer) {
  if (encoding === "protobuf") {
    // A copy on its own ArrayBuffer, the body type Hono takes.
    return c.body(new Uint8Array(encodeTraceResponseProto(result)), 200, {
      "content-type": "application/x-protobuf",
    });
  }
  return c.json(
    result.rejectedSpans > 0
      ? {
          partialSuccess: {
            rejectedSpans: String(result.rejectedSpans),
            errorMessage: result.errorMessage,
          },
        }
      : {},
    200,
  );
}
