import { randomUUID } from "node:crypto";
import { appRouter, silentLogger } from "@steward/api";
import { ingestDeadLetters, ingestedEvents, ingestInbox } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { defaultBatchOptions, processInboxBatch } from "@steward/telemetry";
import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { useTestServer } from "../testing";
import { crossWorkspaceCases } from "./cross-workspace";
import {
  coreHostilePieces,
  hostilePiece,
  type JsonPiece,
  leafPaths,
  type Mutation,
  mutatedJson,
} from "./fuzz/adversarial-values";

/**
 * Property: whatever a caller sends, to any procedure or route, the answer is never a 5xx,
 * never carries internals, every BAD_REQUEST names its field, and every accepted event ends
 * applied or dead-lettered. Bounded (a fixed seed per run of CI is not used: each run explores
 * anew, and a failure prints its seed and the shrunk case).
 */
const runsPerProcedure = Number(process.env.FUZZ_RUNS ?? 16);
const ingestRuns = Number(process.env.FUZZ_INGEST_RUNS ?? 40);

const internals =
  /\b(select|insert into|update agent|delete from)\b|Failed query|params:|\bat [\w.<>]+ \(|node_modules|postgres\.js|PGlite|drizzle|ZodError|Maximum call stack/i;

type Answer = { status: number; text: string };

function checkAnswer(label: string, answer: Answer) {
  expect(
    answer.status,
    `${label} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
  ).toBeLessThan(500);
  expect(answer.text, `${label} answered internals`).not.toMatch(internals);
  if (answer.status !== 400 || !answer.text.startsWith("{")) return;
  const body = JSON.parse(answer.text) as {
    error?: { data?: { code?: string; field?: string | null; fieldErrors?: unknown[] | null } };
  };
  const data = body.error?.data;
  if (data?.code === "BAD_REQUEST") {
    const named = (data.fieldErrors?.length ?? 0) > 0 || Boolean(data.field);
    expect(named, `${label}: a BAD_REQUEST that names no field: ${answer.text.slice(0, 300)}`).toBe(
      true,
    );
  }
}

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: string } }
>;

// Thousands of requests: bounded by case counts, given minutes rather than the default 30 s so a
// slow machine does not fail it.
describe("the fuzzer: no input breaks Steward", { timeout: 300_000 }, () => {
  const server = useTestServer();

  async function call(key: string, path: string, body: string): Promise<Answer> {
    const isQuery = procedures[path]?._def.type === "query";
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const response = isQuery
      ? await server.app.request(`/trpc/${path}?input=${encodeURIComponent(body)}`, { headers })
      : await server.app.request(`/trpc/${path}`, { method: "POST", headers, body });
    return { status: response.status, text: await response.text() };
  }

  // The app as the embedded store's server builds it: with the operator route.
  const operatorToken = `op_${randomUUID()}`;
  let operatorApp: ReturnType<typeof createApp> | undefined;
  const fullApp = () => {
    operatorApp ??= createApp({
      database: server.database,
      logger: silentLogger,
      operator: { where: "the fuzzer's store", operatorToken, serverPid: process.pid },
      // Its wrong keys would otherwise get every later request from this process a 429.
      limits: { authFailuresPerMinute: 1_000_000 },
    });
    return operatorApp;
  };

  it("covers every procedure and every route", () => {
    const missing = Object.keys(procedures).filter((path) => !(path in crossWorkspaceCases));
    expect(missing, "procedures the fuzzer has no base input for").toEqual([]);
    const routes = new Set(fullApp().routes.map((route) => route.path));
    const uncovered = [...routes].filter((path) => !fuzzedRoutes.has(path) && path !== "/*");
    expect(uncovered, "routes the fuzzer does not send to").toEqual([]);
  });

  it("sends the core hostile values to every field of every procedure", async () => {
    const own = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, own.workspaceId);
    let cases = 0;
    for (const [path, probe] of Object.entries(crossWorkspaceCases)) {
      const base =
        "notFound" in probe
          ? probe.notFound(ids)
          : "ownRowsOnly" in probe
            ? probe.ownRowsOnly(ids)
            : probe.input(ids);
      for (const field of leafPaths(base ?? {})) {
        for (const piece of coreHostilePieces) {
          const m: Mutation = { path: field, piece };
          cases++;
          checkAnswer(
            `${path} ${describeMutation(m)}`,
            await call(own.plainKey, path, mutatedJson(base, m)),
          );
        }
      }
    }
    console.log(
      `fuzzer: core sweep, ${cases} cases over ${Object.keys(crossWorkspaceCases).length} procedures, 0 answers of 5xx`,
    );
  });

  it(`sends ${runsPerProcedure} hostile inputs to every tRPC procedure: no 5xx, no internals, fields named`, async () => {
    const own = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, own.workspaceId);
    let cases = 0;
    for (const [path, probe] of Object.entries(crossWorkspaceCases)) {
      const baseOf = () =>
        "notFound" in probe
          ? probe.notFound(ids)
          : "ownRowsOnly" in probe
            ? probe.ownRowsOnly(ids)
            : probe.input(ids);
      const paths = leafPaths(baseOf() ?? {});
      const mutation: fc.Arbitrary<Mutation | null> = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.record({ path: fc.constantFrom(...paths), piece: hostilePiece }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            extraField: fc.constantFrom("unknownField", "__proto__", "constructor"),
            piece: hostilePiece,
          }),
        },
        { weight: 1, arbitrary: fc.constant(null) },
      );
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          cases++;
          checkAnswer(
            `${path} ${describeMutation(m)}`,
            await call(own.plainKey, path, mutatedJson(baseOf(), m)),
          );
        }),
        { numRuns: runsPerProcedure, endOnFailure: true },
      );
    }
    console.log(
      `fuzzer: ${Object.keys(crossWorkspaceCases).length} procedures, ${cases} cases, 0 answers of 5xx`,
    );
  });

  it(`sends ${ingestRuns} hostile batches to /v1/ingest: every accepted event ends applied or dead-lettered`, async () => {
    const own = await server.workspace();
    const accepted: string[] = [];
    let sent = 0;
    const batch = fc.array(
      fc.record({
        base: fc.constantFrom(...eventShapes),
        mutation: fc.option(fc.tuple(fc.nat(), hostilePiece), { freq: 2 }),
      }),
      { minLength: 1, maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(batch, async (items) => {
        const events = items.map(({ base, mutation }) => {
          const event = base();
          if (!mutation) return JSON.stringify(event);
          const paths = leafPaths(event).filter((p) => p.length > 0);
          const path = paths[mutation[0] % paths.length] as string[];
          return mutatedJson(event, { path, piece: mutation[1] });
        });
        sent += events.length;
        const response = await server.app.request("/v1/ingest", {
          method: "POST",
          headers: { authorization: `Bearer ${own.plainKey}`, "content-type": "application/json" },
          body: `{"v":1,"events":[${events.join(",")}]}`,
        });
        const answer = { status: response.status, text: await response.text() };
        checkAnswer("/v1/ingest", answer);
        if (answer.status !== 200) return;
        const body = JSON.parse(answer.text) as {
          accepted: string[];
          rejected: { errors: { path: string }[] }[];
        };
        expect(body.accepted.length + body.rejected.length).toBe(events.length);
        for (const rejection of body.rejected) expect(rejection.errors.length).toBeGreaterThan(0);
        accepted.push(...body.accepted);
      }),
      { numRuns: ingestRuns, endOnFailure: true },
    );

    // Drain: events whose parents never come run out of tries and become dead letters.
    for (let round = 0; round < 200; round++) {
      const outcome = await processInboxBatch(server.db, {
        ...defaultBatchOptions,
        batchSize: 200,
        maxAttempts: 2,
        backoffBaseMs: 0,
        backoffCapMs: 0,
      });
      if (outcome.claimed === 0) break;
    }
    const settled = async (
      table: typeof ingestedEvents | typeof ingestDeadLetters | typeof ingestInbox,
    ) =>
      new Set(
        (
          await server.db
            .select({ id: table.eventId })
            .from(table)
            .where(
              and(
                eq(table.workspaceId, own.workspaceId),
                inArray(table.eventId, accepted.length ? accepted : [randomUUID()]),
              ),
            )
        ).map((row) => row.id),
      );
    const applied = await settled(ingestedEvents);
    const dead = await settled(ingestDeadLetters);
    const waiting = await settled(ingestInbox);
    const gone = accepted.filter((id) => !applied.has(id) && !dead.has(id));
    expect(waiting.size, "events still in the inbox after draining").toBe(0);
    expect(gone, "accepted events neither applied nor dead-lettered").toEqual([]);
    console.log(
      `fuzzer: /v1/ingest ${ingestRuns} batches, ${sent} events, ${accepted.length} accepted → ${applied.size} applied, ${dead.size} dead-lettered, 0 lost`,
    );
  });

  it("sends hostile requests to every other route", async () => {
    const own = await server.workspace();
    const bodies = [
      "",
      "not json",
      "{}",
      "[]",
      `{"v":1,"events":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
      '{"v":2,"events":[]}',
      '{"__proto__":{"v":1},"events":[{}]}',
      JSON.stringify({ v: 1, events: Array.from({ length: 501 }, () => ({})) }),
      '{"args":["workspace","create","nul\\u0000name"]}',
      '{"args":["key","create","--workspace","\\ud800","--scopes","admin"]}',
      '{"args":["workspace","list",{"__proto__":1}]}',
      '{"args":["rollback"]}',
      '{"args":[]}',
    ];
    let requests = 0;
    for (const path of fuzzedRoutes) {
      for (const method of ["GET", "POST"]) {
        for (const body of method === "GET" ? [undefined] : bodies) {
          for (const authorization of [
            `Bearer ${own.plainKey}`,
            `Bearer ${operatorToken}`,
            "Bearer stw_nope",
            "Basic x",
            undefined,
          ]) {
            requests++;
            const response = await fullApp().request(path, {
              method,
              headers: {
                "content-type": "application/json",
                ...(authorization ? { authorization } : {}),
              },
              ...(body === undefined ? {} : { body }),
            });
            checkAnswer(`${method} ${path}`, {
              status: response.status,
              text: await response.text(),
            });
          }
        }
      }
    }
    console.log(
      `fuzzer: ${requests} hostile requests to ${fuzzedRoutes.size} routes, 0 answers of 5xx`,
    );
  });
});

/** Every route the app registers; a new route fails the coverage test until it is here. */
const fuzzedRoutes = new Set([
  "/healthz",
  "/readyz",
  "/metrics",
  "/openapi.json",
  "/v1/ingest",
  "/v1/traces",
  "/trpc/*",
  "/operator/cli",
  "/operator/*",
  "/console/session",
]);

function describeMutation(m: Mutation | null): string {
  if (m === null) return "(base input)";
  const piece = (p: JsonPiece) =>
    ("raw" in p ? p.raw : (JSON.stringify(p.value) ?? "undefined")).slice(0, 60);
  return "extraField" in m
    ? `extra ${m.extraField}=${piece(m.piece)}`
    : `${m.path.join(".") || "(whole)"}=${piece(m.piece)}`;
}

const now = () => new Date().toISOString();
const eventShapes: (() => Record<string, unknown>)[] = [
  () => ({
    type: "invocation.started",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    agentType: "coder",
    startedAt: now(),
    input: { prompt: "p" },
  }),
  () => ({
    type: "invocation.finished",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    status: "completed",
    finishedAt: now(),
  }),
  () => ({
    type: "step.finished",
    eventId: randomUUID(),
    stepId: randomUUID(),
    invocationId: randomUUID(),
    stepNumber: 0,
    usage: { inputTokens: 1, outputTokens: 2 },
    finishedAt: now(),
  }),
  () => ({
    type: "tool_call.finished",
    eventId: randomUUID(),
    id: randomUUID(),
    invocationId: randomUUID(),
    stepId: randomUUID(),
    toolCallId: "c",
    toolName: "t",
    outputType: "json",
    output: { ok: true },
    finishedAt: now(),
  }),
  () => ({
    type: "metric.recorded",
    eventId: randomUUID(),
    id: randomUUID(),
    metricType: "m",
    value: 1,
    metadata: { a: 1 },
  }),
  () => ({
    type: "cta.requested",
    eventId: randomUUID(),
    id: randomUUID(),
    kind: "choice",
    prompt: "?",
    options: ["a", "b"],
  }),
  () => ({
    type: "memory.recorded",
    eventId: randomUUID(),
    id: randomUUID(),
    runId: randomUUID(),
    kind: "insight",
    content: "c",
  }),
];
