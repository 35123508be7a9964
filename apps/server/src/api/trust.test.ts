import { randomUUID } from "node:crypto";
import type { ApiLogger } from "@steward/api";
import { createApiKey, createWorkspace, rowsOf } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { ingestLimits, storableLimits } from "@steward/events";
import { processInboxBatch } from "@steward/telemetry";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";

/** Every line the app logs, so a test can check what a fault leaves in the log. */
function recordingLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  const logger: ApiLogger = {
    error: (details, message) => lines.push({ level: "error", details, message }),
    warn: (details, message) => lines.push({ level: "warn", details, message }),
    info: (details, message) => lines.push({ level: "info", details, message }),
  };
  return { logger, lines };
}

// What an answer must never carry: SQL, bound parameters, stack frames, driver words.
const internals =
  /\b(select|insert into|update agent|delete from)\b|Failed query|params:|\bat [\w.<>]+ \(|node_modules|postgres\.js|PGlite|drizzle|ZodError/i;

/** JSON text nested `depth` arrays deep (JSON.stringify itself would overflow the stack). */
const deepJson = (depth: number) => `${"[".repeat(depth)}"bottom"${"]".repeat(depth)}`;

describe("no input breaks a read, stalls the pipeline or reaches the client as internals", () => {
  const database = useTestDatabase();
  const log = recordingLogger();
  let app: ReturnType<typeof createApp> | undefined;
  const appOf = () => {
    app ??= createApp({ database: database.current, logger: log.logger });
    return app;
  };

  async function newKey() {
    const workspace = await createWorkspace(database.current.db, { name: "Trust" });
    const { plainKey } = await createApiKey(database.current.db, {
      workspaceId: workspace.id,
      name: "trust",
      scopes: ["read", "write", "ingest", "admin"],
      userId: null,
    });
    return plainKey;
  }

  /** A raw request whose body is exactly this JSON text (keys like __proto__ stay keys). */
  async function send(key: string, method: "GET" | "POST", path: string, body?: string) {
    const response = await appOf().request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    expect(text, `${path} answered internals`).not.toMatch(internals);
    return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
  }

  const trpcData = (answer: { json: Record<string, unknown> }) =>
    (answer.json.result as { data: unknown }).data;
  const trpcError = (answer: { json: Record<string, unknown> }) =>
    (answer.json.error as { message: string; data: { fieldErrors: { path: string }[] | null } })
      .data;

  const event = (overrides: Record<string, unknown> = {}) => ({
    type: "invocation.started",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    agentType: "coder",
    startedAt: new Date().toISOString(),
    ...overrides,
  });

  async function ingest(key: string, events: unknown[] | string) {
    const body = typeof events === "string" ? events : JSON.stringify({ v: 1, events });
    return send(key, "POST", "/v1/ingest", body);
  }

  const rejectedPaths = (answer: { json: Record<string, unknown> }) =>
    (answer.json.rejected as { index: number; errors: { path: string }[] }[]).map((r) => ({
      index: r.index,
      paths: r.errors.map((e) => e.path),
    }));

  it("stores keys named __proto__, constructor and prototype as data and reads them back (finding 2)", async () => {
    const key = await newKey();
    const metadata = '{"__proto__":{"polluted":true},"constructor":1,"prototype":[2]}';
    const created = await send(
      key,
      "POST",
      "/trpc/agents.create",
      `{"name":"Proto","slug":"proto","type":"coder","mode":"implementation","metadata":${metadata}}`,
    );
    expect(created.status).toBe(200);
    const listed = await send(key, "GET", `/trpc/agents.list?input=${encodeURIComponent("{}")}`);
    expect(listed.status).toBe(200);
    const [agent] = (trpcData(listed) as { items: { metadata: Record<string, unknown> }[] }).items;
    // jsonb keeps keys in its own order; what matters is that each is there, as sent.
    expect(Object.keys(agent?.metadata ?? {}).sort()).toEqual([
      "__proto__",
      "constructor",
      "prototype",
    ]);
    expect(
      JSON.stringify(Object.getOwnPropertyDescriptor(agent?.metadata, "__proto__")?.value),
    ).toBe('{"polluted":true}');
    expect(agent?.metadata.constructor).toBe(1);
    expect(agent?.metadata.prototype).toEqual([2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The same keys inside a tool output go through the worker and come back in the run tree.
    const invocationId = randomUUID();
    const stepId = randomUUID();
    const callId = randomUUID();
    const now = new Date().toISOString();
    const body = `{"v":1,"events":[
      {"type":"invocation.started","eventId":"${randomUUID()}","invocationId":"${invocationId}","agentType":"coder","startedAt":"${now}"},
      {"type":"step.finished","eventId":"${randomUUID()}","stepId":"${stepId}","invocationId":"${invocationId}","stepNumber":0,"finishedAt":"${now}"},
      {"type":"tool_call.finished","eventId":"${randomUUID()}","id":"${callId}","invocationId":"${invocationId}","stepId":"${stepId}","toolCallId":"c1","toolName":"inspect","outputType":"json","output":${metadata},"finishedAt":"${now}"}]}`;
    const accepted = await ingest(key, body);
    expect((accepted.json.accepted as string[]).length).toBe(3);
    await processInboxBatch(database.current.db);
    const [stored] = rowsOf<{ output: string }>(
      await database.current.db.execute(
        sql`select output::text as output from agent.tool_calls where id = ${callId}`,
      ),
    );
    expect(JSON.parse(stored?.output ?? "null")).toEqual(JSON.parse(metadata));
  });

  it("refuses a lone surrogate per event, not per batch, and logs no parameters (finding 4)", async () => {
    const key = await newKey();
    const good = event();
    const bad = event({ input: { prompt: "half a pair: \ud800 here" } });
    const body = JSON.stringify({ v: 1, events: [good, bad] });
    expect(body).toContain("\\ud800");
    const before = log.lines.length;
    const answer = await ingest(key, body);
    expect(answer.status).toBe(200);
    expect(answer.json.accepted).toEqual([good.eventId]);
    expect(rejectedPaths(answer)).toEqual([{ index: 1, paths: ["input.prompt"] }]);
    expect(log.lines.slice(before).filter((line) => line.level === "error")).toEqual([]);
    // On tRPC too, naming the field.
    const refused = await send(
      key,
      "POST",
      "/trpc/agents.create",
      JSON.stringify({ name: "a\udc00b", slug: "s", type: "coder", mode: "implementation" }),
    );
    expect(refused.status).toBe(400);
    expect(trpcError(refused).fieldErrors?.map((e) => e.path)).toEqual(["name"]);
  });

  it("answers caller mistakes as 400 naming the field, never 500 with SQL (finding 6)", async () => {
    const key = await newKey();
    const nulName = await send(
      key,
      "POST",
      "/trpc/agents.create",
      JSON.stringify({ name: "nul\u0000", slug: "nul", type: "coder", mode: "implementation" }),
    );
    expect(nulName.status).toBe(400);
    expect(trpcError(nulName).fieldErrors?.map((e) => e.path)).toEqual(["name"]);

    const nulJson = await send(
      key,
      "POST",
      "/trpc/agents.create",
      JSON.stringify({
        name: "n",
        slug: "n",
        type: "coder",
        mode: "implementation",
        metadata: { deep: { "k\u0000": 1 } },
      }),
    );
    expect(nulJson.status).toBe(400);
    expect(trpcError(nulJson).fieldErrors?.map((e) => e.path)).toEqual(["metadata.deep.k\u0000"]);

    const crafted = Buffer.from(
      JSON.stringify({ c: "+275760-09-13T00:00:00.000Z", i: randomUUID() }),
    ).toString("base64url");
    const cursor = await send(
      key,
      "GET",
      `/trpc/agents.list?input=${encodeURIComponent(JSON.stringify({ cursor: crafted }))}`,
    );
    expect(cursor.status).toBe(400);
    expect(trpcError(cursor).fieldErrors?.map((e) => e.path)).toEqual(["cursor"]);

    for (const when of [
      "+275760-01-01T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "2024-02-30T00:00:00Z",
    ]) {
      const project = await send(
        key,
        "POST",
        "/trpc/metrics.record",
        JSON.stringify({ type: "latency", value: 1, recordedAt: when }),
      );
      expect(project.status, when).toBe(400);
      expect(trpcError(project).fieldErrors?.map((e) => e.path)).toEqual(["recordedAt"]);
    }
  });

  it("refuses deep JSON with the field named, on /v1/ingest and on tRPC (finding 7)", async () => {
    const key = await newKey();
    const good = event();
    const deepEvent = JSON.stringify(event({ input: "DEEP" })).replace('"DEEP"', deepJson(5_000));
    const answer = await ingest(key, `{"v":1,"events":[${JSON.stringify(good)},${deepEvent}]}`);
    expect(answer.status).toBe(200);
    expect(answer.json.accepted).toEqual([good.eventId]);
    const [rejection] = rejectedPaths(answer);
    expect(rejection?.index).toBe(1);
    expect(rejection?.paths[0]).toMatch(/^input(\.0)+$/);

    const refused = await send(
      key,
      "POST",
      "/trpc/agents.create",
      `{"name":"d","slug":"d","type":"coder","mode":"implementation","metadata":{"tree":${deepJson(3_000)}}}`,
    );
    expect(refused.status).toBe(400);
    expect(trpcError(refused).fieldErrors?.[0]?.path).toMatch(/^metadata\.tree(\.0)+$/);

    // Up to the documented depth is stored.
    const fine = await ingest(
      key,
      `{"v":1,"events":[${JSON.stringify(event({ input: "DEEP" })).replace('"DEEP"', deepJson(storableLimits.maxJsonDepth - 1))}]}`,
    );
    expect((fine.json.accepted as string[]).length).toBe(1);
  });

  it("alters nothing silently: repeated ids, non-dates, bytes, tRPC body size, huge values (finding 8)", async () => {
    const key = await newKey();
    const twice = event();
    const repeated = await ingest(key, [twice, twice]);
    expect(repeated.json.accepted).toEqual([twice.eventId]);
    expect(rejectedPaths(repeated)).toEqual([{ index: 1, paths: ["eventId"] }]);

    for (const startedAt of [null, true, 0]) {
      const answer = await ingest(key, [event({ startedAt })]);
      expect(rejectedPaths(answer), String(startedAt)).toEqual([
        { index: 0, paths: ["startedAt"] },
      ]);
    }

    // 90,000 three-byte characters: fewer characters than the limit, more bytes.
    const wide = "€".repeat(90_000);
    expect(wide.length).toBeLessThan(ingestLimits.maxEventBytes);
    const bytes = await ingest(key, [event({ input: { wide } })]);
    expect(rejectedPaths(bytes)).toEqual([{ index: 0, paths: ["(event)"] }]);

    // ingest.events over tRPC takes bodies as large as the contract allows (4 MiB), not 1 MiB.
    const big = Array.from({ length: 12 }, () => event({ input: { blob: "x".repeat(200_000) } }));
    const overTrpc = await send(
      key,
      "POST",
      "/trpc/ingest.events",
      JSON.stringify({ events: big }),
    );
    expect(overTrpc.status).toBe(200);
    expect((trpcData(overTrpc) as { accepted: string[] }).accepted.length).toBe(12);

    for (const value of [1e308, -1e308]) {
      const metric = await send(
        key,
        "POST",
        "/trpc/metrics.record",
        JSON.stringify({ type: "size", value }),
      );
      expect(metric.status).toBe(400);
      expect(trpcError(metric).fieldErrors?.map((e) => e.path)).toEqual(["value"]);
    }
    const huge = await ingest(key, [
      {
        type: "metric.recorded",
        eventId: randomUUID(),
        id: randomUUID(),
        metricType: "size",
        value: 1e308,
      },
    ]);
    expect(rejectedPaths(huge)).toEqual([{ index: 0, paths: ["value"] }]);
    // The largest values allowed still sum to a finite total.
    for (let n = 0; n < 2; n++) {
      const at = await send(
        key,
        "POST",
        "/trpc/metrics.record",
        JSON.stringify({ type: "size", value: 1e15 }),
      );
      expect(at.status).toBe(200);
    }
    const range = { type: "size", from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" };
    const aggregate = await send(
      key,
      "GET",
      `/trpc/metrics.aggregate?input=${encodeURIComponent(JSON.stringify(range))}`,
    );
    expect(aggregate.status).toBe(200);
    expect((trpcData(aggregate) as { sum: number }).sum).toBe(2e15);
  });

  it("answers a fault with a request id only, and logs a bounded line without parameters", async () => {
    const key = await newKey();
    // A fault no rule foresaw: the table behind agents.create is gone for this one call.
    const db = database.current.db;
    await db.execute(sql`alter table agent.agents rename to agents_away`);
    const secret = "s".repeat(50_000);
    const before = log.lines.length;
    try {
      const answer = await send(
        key,
        "POST",
        "/trpc/agents.create",
        JSON.stringify({
          name: "x",
          slug: "x",
          type: "coder",
          mode: "implementation",
          metadata: { secret },
        }),
      );
      expect(answer.status).toBe(500);
      const message = (answer.json.error as { message: string }).message;
      expect(message).toMatch(/request id \S+/);
      expect(answer.text).not.toContain(secret.slice(0, 100));
    } finally {
      await db.execute(sql`alter table agent.agents_away rename to agents`);
    }
    const logged = JSON.stringify(log.lines.slice(before));
    expect(logged).toContain("procedure failed");
    expect(logged).not.toContain(secret.slice(0, 100));
    expect(logged.length).toBeLessThan(5_000);
  });
});
