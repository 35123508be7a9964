import { Validator } from "@seriousme/openapi-schema-validator";
import { appRouter, createOpenApiDocument, declaredOutput } from "@steward/api";
import { storableJson, storableJsonObject, timestamp } from "@steward/events";
import { initTRPC } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestServer } from "../testing";

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

type OtlpOperation = {
  security?: unknown;
  parameters: unknown[];
  requestBody: { content: Record<string, unknown> };
  responses: Record<
    string,
    { content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
};

const allProcedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, Parameters<typeof declaredOutput>[0]>,
);
// A subscription is a stream of server-sent events, which OpenAPI has no operation for: the
// document leaves it out, and its per-event contract is checked by its own tests (live.test.ts).
const procedures = allProcedures.filter(([, procedure]) => procedure._def.type !== "subscription");

describe("GET /openapi.json", () => {
  const server = useTestServer();

  async function fetchDocument() {
    const response = await server.app.request("/openapi.json");
    expect(response.status).toBe(200);
    return (await response.json()) as Document;
  }

  it("is a valid OpenAPI 3.1 document whose refs all resolve, served without a key", async () => {
    const document = await fetchDocument();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? [], "OpenAPI validation errors").toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("names every procedure of the app router, queries as GET and mutations as POST", async () => {
    const document = await fetchDocument();
    const expected = procedures.map(([path]) => `/trpc/${path}`);
    const plainRoutes = ["/healthz", "/readyz", "/v1/ingest", "/v1/traces"];
    expect(Object.keys(document.paths).sort()).toEqual([...expected, ...plainRoutes].sort());
    for (const [path, procedure] of procedures) {
      const method = procedure._def.type === "query" ? "get" : "post";
      expect(Object.keys(document.paths[`/trpc/${path}`] ?? {}), path).toEqual([method]);
    }
  });

  it("describes POST /v1/traces as OTLP/HTTP: both encodings, gzip, a key, and when to retry", async () => {
    const document = (await fetchDocument()) as unknown as {
      security: unknown;
      paths: { "/v1/traces": { post: OtlpOperation } };
    };
    const operation = document.paths["/v1/traces"].post;
    const bothEncodings = ["application/x-protobuf", "application/json"];
    expect(Object.keys(operation.requestBody.content)).toEqual(bothEncodings);
    expect(Object.keys(operation.responses[200]?.content ?? {})).toEqual(bothEncodings);
    expect(operation.parameters).toContainEqual(
      expect.objectContaining({
        name: "Content-Encoding",
        in: "header",
        schema: expect.objectContaining({ enum: expect.arrayContaining(["gzip"]) }),
      }),
    );
    // The document's default security, a bearer key, applies: the operation does not lift it.
    expect(operation.security).toBeUndefined();
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation.responses).sort()).toEqual(
      ["200", "400", "401", "403", "413", "415", "429", "503"].sort(),
    );
    for (const status of ["429", "503"]) {
      expect(Object.keys(operation.responses[status]?.headers ?? {}), status).toEqual([
        "Retry-After",
      ]);
    }
  });

  it("has a declared answer for every procedure", async () => {
    const undeclared = allProcedures.filter(([, procedure]) => !declaredOutput(procedure));
    expect(
      undeclared.map(([path]) => path),
      "procedures without .output() or meta.output",
    ).toEqual([]);
    const document = await fetchDocument();
    for (const [path] of procedures) {
      const operation = Object.values(document.paths[`/trpc/${path}`] ?? {})[0];
      const data = JSON.stringify(operation?.responses[200]);
      expect(data, path).toMatch(/"data":\{"\$ref":"#\/components\/schemas\/[^"]+"\}/);
    }
  });

  it("describes timestamps as date-time strings, and never an API key's hash", async () => {
    const { components } = await fetchDocument();
    const dateTime = { type: "string", format: "date-time" };
    expect(components.schemas.Agent?.properties?.createdAt).toEqual(dateTime);
    expect(JSON.stringify(components.schemas["sprints.create.input"])).toContain(
      '"format":"date-time"',
    );
    const apiKey = components.schemas.ApiKey?.properties ?? {};
    expect(Object.keys(apiKey)).toContain("prefix");
    expect(Object.keys(apiKey)).not.toContain("keyHash");
  });

  it("maps dates, transforms, refinements and custom JSON objects without crashing", () => {
    const t = initTRPC.create();
    const odd = t.router({
      read: t.procedure
        .input(z.object({ at: timestamp, raw: storableJson(100), object: storableJsonObject(100) }))
        .output(z.object({ at: z.date(), tags: z.map(z.string(), z.bigint()) }))
        .query(() => ({ at: new Date(), tags: new Map() })),
      write: t.procedure
        .input(z.string().transform((value) => value.length))
        .meta({ output: z.custom<{ a: 1 }>() })
        .mutation(() => ({ a: 1 as const })),
      bare: t.procedure.query(() => "no contract"),
    });
    const { components, paths } = createOpenApiDocument(odd) as unknown as Document;
    const input = components.schemas["read.input"]?.properties ?? {};
    expect(input.at).toMatchObject({ type: "string", format: "date-time" });
    expect(JSON.stringify(input.at)).toContain('"format":"date-time"');
    expect(input.object).toEqual({ type: "object" });
    expect(input.raw).toEqual({});
    expect(components.schemas["read.output"]?.properties?.at).toEqual({
      type: "string",
      format: "date-time",
    });
    expect(components.schemas["write.input"]).toMatchObject({ type: "string" });
    expect(components.schemas["write.output"]).toEqual({ type: "object" });
    expect(JSON.stringify(paths["/trpc/bare"])).toContain("declares no answer");
  });
});
