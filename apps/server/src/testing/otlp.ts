import { gzipSync } from "node:zlib";
import { agentInvocations, agentSteps, type Database, toolCalls } from "@steward/db";
import { encodeTraceRequestProto } from "@steward/otlp";
import { defaultBatchOptions, processInboxBatch } from "@steward/telemetry";
import { asc, eq } from "drizzle-orm";
import type { createApp } from "../app";

type App = ReturnType<typeof createApp>;

/** An OTLP/JSON export as an exporter sends it (hex ids); see `toProtobufRequest`. */
export type OtlpJsonRequest = { resourceSpans: Record<string, unknown>[] };

/**
 * Posts an export to /v1/traces as an exporter would: JSON as is, or protobuf (ids turned from
 * hex to bytes), optionally gzipped.
 */
export function postTraces(
  app: App,
  apiKey: string,
  request: OtlpJsonRequest | Uint8Array | string,
  options: { encoding?: "json" | "protobuf"; gzip?: boolean } = {},
) {
  const encoding = options.encoding ?? "json";
  let body: Uint8Array =
    typeof request === "string"
      ? new TextEncoder().encode(request)
      : request instanceof Uint8Array
        ? request
        : encoding === "json"
          ? new TextEncoder().encode(JSON.stringify(request))
          : toProtobufRequest(request);
  if (options.gzip) body = gzipSync(body);
  return app.request("/v1/traces", {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": encoding === "json" ? "application/json" : "application/x-protobuf",
      ...(options.gzip ? { "content-encoding": "gzip" } : {}),
    },
    body,
  });
}

/** The protobuf bytes of an OTLP/JSON export: the same spans, ids as bytes. */
export function toProtobufRequest(request: OtlpJsonRequest): Uint8Array {
  const idKeys = new Set(["traceId", "spanId", "parentSpanId"]);
  const convert = (value: unknown, key?: string): unknown => {
    if (key && idKeys.has(key) && typeof value === "string") return Buffer.from(value, "hex");
    if (Array.isArray(value)) return value.map((item) => convert(item));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    }
    return value;
  };
  return encodeTraceRequestProto(convert(request));
}

/** Applies everything in the inbox, parents arriving in any order, then stops. */
export async function applyInbox(db: Database) {
  const options = { ...defaultBatchOptions, backoffBaseMs: 0, backoffCapMs: 0, maxAttempts: 1_000 };
  for (let round = 0, idle = 0; round < 200 && idle < 3; round++) {
    const outcome = await processInboxBatch(db, options);
    if (outcome.claimed === 0) return;
    idle = outcome.applied + outcome.duplicates + outcome.deadLettered > 0 ? 0 : idle + 1;
  }
}

/** A workspace's telemetry rows without the columns that differ between two recordings. */
export async function readTelemetry(db: Database, workspaceId: string) {
  const invocations = await db
    .select()
    .from(agentInvocations)
    .where(eq(agentInvocations.workspaceId, workspaceId))
    .orderBy(asc(agentInvocations.id));
  const steps = await db
    .select()
    .from(agentSteps)
    .where(eq(agentSteps.workspaceId, workspaceId))
    .orderBy(asc(agentSteps.id));
  const calls = await db
    .select()
    .from(toolCalls)
    .where(eq(toolCalls.workspaceId, workspaceId))
    .orderBy(asc(toolCalls.id));
  const strip = <T extends Record<string, unknown>>(row: T) => {
    const { workspaceId: _w, createdAt: _c, updatedAt: _u, ...rest } = row;
    return rest;
  };
  return {
    invocations: invocations.map(strip),
    steps: steps.map(strip),
    toolCalls: calls.map(strip),
  };
}
