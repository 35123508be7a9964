import { ingestEnvelope, telemetryEvent, timestampValue } from "@steward/events";
import type { AnyTRPCProcedure, AnyTRPCRouter } from "@trpc/server";
import { z } from "zod";
import { errorAnswer } from "./contracts/errors";
import { ingestProblem, ingestResult } from "./contracts/ingest";
import { otlpTracesPathItem } from "./openapi-traces";

type JsonSchema = Record<string, unknown>;

type ProcedureDef = {
  type: "query" | "mutation" | "subscription";
  inputs: unknown[];
  output?: unknown;
  meta?: { output?: unknown };
};

const defOf = (procedure: AnyTRPCProcedure) => procedure._def as unknown as ProcedureDef;

const isZod = (value: unknown): value is z.ZodType =>
  typeof value === "object" && value !== null && "_zod" in value;

/**
 * The schema a procedure declares for its answer: its `.output()`, or `meta.output` where the
 * answer is too large to validate on every call and the schema only documents it.
 */
export function declaredOutput(procedure: AnyTRPCProcedure): z.ZodType | undefined {
  const { output, meta } = defOf(procedure);
  if (isZod(output)) return output;
  return isZod(meta?.output) ? meta.output : undefined;
}

/**
 * What JSON Schema cannot say by itself, said for our wire: a Date is written as an ISO 8601
 * string, and the only custom schemas are JSON objects (`storableJsonObject`, `jsonObject`).
 */
function describeUnrepresentable(ctx: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }) {
  const { type } = ctx.zodSchema._zod.def;
  if (type === "date" || ctx.zodSchema === timestampValue) {
    Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
  } else if (type === "custom") ctx.jsonSchema.type = "object";
}

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * JSON Schemas (2020-12, what OpenAPI 3.1 uses) for every schema of `named`, in one pass, so a
 * schema with an id (a row: `Agent`, `Task`, …) becomes one component the others refer to.
 * Inputs are described as a caller may send them, outputs as the server answers them.
 */
function toComponents(
  named: Map<string, z.ZodType>,
  io: "input" | "output",
  sharedName: (id: string) => string,
) {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of named) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    cycles: "ref",
    override: describeUnrepresentable,
    uri: (id) => id,
  }) as { schemas: Record<string, JsonSchema> };
  // Schemas met along the way that have an id, or close a cycle, come in `__shared.$defs`.
  const { __shared: shared, ...own } = schemas;
  const components: Record<string, JsonSchema> = {};
  for (const [name, { $schema: _, $id: __, ...schema }] of Object.entries(own)) {
    components[name] = schema;
  }
  const defs = (shared?.$defs ?? {}) as Record<string, JsonSchema>;
  for (const [id, schema] of Object.entries(defs)) components[sharedName(id)] = schema;
  // A ref names a registry id, or `__shared#/$defs/<id>`: either becomes a component's ref.
  const sharedPrefix = "__shared#/$defs/";
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== "object") return value;
    const out: JsonSchema = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") {
        const name = item.startsWith(sharedPrefix)
          ? sharedName(item.slice(sharedPrefix.length))
          : item;
        out.$ref = componentRef(name).$ref;
      } else out[key] = rewrite(item);
    }
    return out;
  };
  return Object.fromEntries(
    Object.entries(components).map(([name, schema]) => [name, rewrite(schema) as JsonSchema]),
  );
}

const json = (schema: JsonSchema) => ({ "application/json": { schema } });

/** How tRPC wraps an answer: `{ "result": { "data": <output> } }`. */
const wrapped = (data: JsonSchema) => ({
  type: "object",
  required: ["result"],
  properties: {
    result: {
      type: "object",
      required: ["data"],
      properties: { data },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
});

const health = z.object({ status: z.literal("ok") });
const readiness = z.object({
  status: z.enum(["ready", "unavailable"]),
  database: z.boolean(),
  writable: z.literal(false).optional(),
  reason: z.string().optional(),
});

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the router alone: every procedure with
 * the input it takes and the answer it declares, as tRPC puts them on the wire (plain JSON, no
 * transformer), plus the plain routes beside it.
 */
export function createOpenApiDocument(router: AnyTRPCRouter) {
  const procedures = Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>)
    .filter(([, procedure]) => defOf(procedure).type !== "subscription")
    .sort(([a], [b]) => a.localeCompare(b));

  // A schema with an id (a row: `Agent`, `Task`, …) is one component under that id, however
  // many procedures answer it; any other is named for its procedure.
  const inputs = new Map<string, z.ZodType>();
  const outputs = new Map<string, z.ZodType>();
  const inputOf = new Map<string, string>();
  const outputOf = new Map<string, string>();
  const nameOf = (schema: z.ZodType, fallback: string) =>
    z.globalRegistry.get(schema)?.id ?? fallback;
  for (const [path, procedure] of procedures) {
    const [first, ...rest] = defOf(procedure).inputs.filter(isZod);
    if (first) {
      const input = rest.reduce<z.ZodType>((all, next) => z.intersection(all, next), first);
      const name = nameOf(input, `${path}.input`);
      inputs.set(name, input);
      inputOf.set(path, name);
    }
    const output = declaredOutput(procedure);
    if (output) {
      const name = nameOf(output, `${path}.output`);
      outputs.set(name, output);
      outputOf.set(path, name);
    }
  }
  inputs.set("IngestEnvelope", ingestEnvelope);
  inputs.set("TelemetryEvent", telemetryEvent);
  for (const [name, schema] of Object.entries({
    Error: errorAnswer,
    IngestResult: ingestResult,
    IngestProblem: ingestProblem,
    Health: health,
    Readiness: readiness,
  })) {
    outputs.set(name, schema);
  }

  const schemas: Record<string, JsonSchema> = {
    ...toComponents(inputs, "input", (id) => `${id}.input`),
    ...toComponents(outputs, "output", (id) => id),
  };
  // The envelope says what each event is, though the server checks each event on its own.
  const envelope = schemas.IngestEnvelope as { properties: { events: JsonSchema } };
  envelope.properties.events.items = componentRef("TelemetryEvent");

  const errorResponse = { $ref: "#/components/responses/Error" };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, procedure] of procedures) {
    const { type, inputs: parsers } = defOf(procedure);
    const namespace = path.split(".")[0] ?? path;
    const inputName = inputOf.get(path);
    const input = inputName ? inputs.get(inputName) : undefined;
    const inputSchema = inputName ? componentRef(inputName) : undefined;
    // tRPC hands a procedure `undefined` when a call sends no input.
    const inputRequired = input ? input._zod.optin === undefined : false;
    const outputName = outputOf.get(path);
    const output = outputName
      ? componentRef(outputName)
      : { description: "This procedure declares no answer." };
    const operation: Record<string, unknown> = {
      operationId: path,
      tags: [namespace],
      responses: {
        200: { description: "The answer", content: json(wrapped(output)) },
        default: errorResponse,
      },
    };
    if (parsers.length > 0 && !inputSchema) {
      operation.description = "Its input is checked by a parser JSON Schema cannot describe.";
    }
    if (type === "query") {
      if (inputSchema) {
        operation.parameters = [
          {
            name: "input",
            in: "query",
            description: "The input as JSON, URL-encoded",
            required: inputRequired,
            content: json(inputSchema),
          },
        ];
      }
      paths[`/trpc/${path}`] = { get: operation };
    } else {
      if (inputSchema) {
        operation.requestBody = { required: inputRequired, content: json(inputSchema) };
      }
      paths[`/trpc/${path}`] = { post: operation };
    }
  }

  const ingestProblemResponse = (description: string) => ({
    description,
    content: json(componentRef("IngestProblem")),
  });
  paths["/v1/ingest"] = {
    post: {
      operationId: "ingest",
      tags: ["ingest"],
      summary: "A batch of telemetry events, as plain JSON (what ingest.events takes)",
      description:
        "Each event is accepted or rejected on its own: a bad event is listed in `rejected` with its field errors and never sinks the rest of its batch.",
      requestBody: { required: true, content: json(componentRef("IngestEnvelope")) },
      responses: {
        200: {
          description: "Which events were accepted",
          content: json(componentRef("IngestResult")),
        },
        400: ingestProblemResponse("The body is not JSON, or not an envelope"),
        401: ingestProblemResponse("No key, or a key that is unknown, revoked or expired"),
        403: ingestProblemResponse('The key lacks the "ingest" scope'),
        413: ingestProblemResponse("The body is larger than the batch limit"),
      },
    },
  };
  paths["/v1/traces"] = otlpTracesPathItem;
  paths["/healthz"] = {
    get: {
      operationId: "healthz",
      tags: ["health"],
      summary: "The process is up",
      security: [],
      responses: { 200: { description: "Up", content: json(componentRef("Health")) } },
    },
  };
  paths["/readyz"] = {
    get: {
      operationId: "readyz",
      tags: ["health"],
      summary: "The store is reachable and takes writes",
      security: [],
      responses: {
        200: { description: "Ready", content: json(componentRef("Readiness")) },
        503: { description: "Not ready, and why", content: json(componentRef("Readiness")) },
      },
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Steward API",
      version: "1",
      description:
        'tRPC over plain JSON. A query is `GET /trpc/{path}?input=<URL-encoded JSON>`, a mutation `POST /trpc/{path}` with the input as its JSON body; an answer is `{ "result": { "data": … } }`, an error `{ "error": { message, code, data } }`. Timestamps are ISO 8601 strings both ways.',
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      responses: {
        Error: {
          description:
            "A refusal or a fault: `data.code` is tRPC's code (NOT_FOUND, BAD_REQUEST, …) and `data.httpStatus` the status it came with",
          content: json(componentRef("Error")),
        },
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "stw_…",
          description: "A workspace API key, `Authorization: Bearer stw_…`",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof createOpenApiDocument>;
