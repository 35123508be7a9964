import { randomUUID } from "node:crypto";
import { ingestInbox } from "@steward/db";
import { type FixtureIds, insertOneRowInEveryTable } from "@steward/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../testing";

type Fields = Record<string, unknown>;
type Outcome = "accepted" | string[];

/** Each record written both ways: its event type and the procedure that takes the same fields. */
const records = {
  metric: { eventType: "metric.recorded", procedure: ["metrics", "record"] },
  memory: { eventType: "memory.recorded", procedure: ["memoryRecords", "create"] },
  cta: { eventType: "cta.requested", procedure: ["ctaEvents", "request"] },
} as const;
type RecordKind = keyof typeof records;

// A metric's kind is `type` in the procedure and `metricType` in the event, whose `type` names
// the event; every other field has one name on both paths.
const toEventField = (kind: RecordKind, field: string) =>
  kind === "metric" && field === "type" ? "metricType" : field;
const fromEventField = (kind: RecordKind, path: string) =>
  kind === "metric" && path === "metricType" ? "type" : path;

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const aSecondAgo = () => new Date(Date.now() - 1_000).toISOString();

/** Inputs in the procedure's words, with the outcome both paths must give. */
const cases: {
  name: string;
  kind: RecordKind;
  fields: (ids: FixtureIds) => Fields;
  expected: Outcome;
}[] = [
  {
    name: "a measurement naming its agent instance",
    kind: "metric",
    fields: (ids) => ({
      type: "token_usage",
      value: 3,
      agentId: ids.agent,
      agentInstanceId: ids.instance,
    }),
    expected: "accepted",
  },
  {
    name: "a measurement with null for what it does not name",
    kind: "metric",
    fields: () => ({
      type: "token_usage",
      value: 1,
      metadata: null,
      agentInstanceId: null,
      recordedAt: null,
    }),
    expected: "accepted",
  },
  {
    name: "a kind of 200 characters",
    kind: "metric",
    fields: () => ({ type: "k".repeat(200), value: 1 }),
    expected: "accepted",
  },
  {
    name: "a kind of 201 characters",
    kind: "metric",
    fields: () => ({ type: "k".repeat(201), value: 1 }),
    expected: ["type"],
  },
  {
    name: "a blank kind",
    kind: "metric",
    fields: () => ({ type: "   ", value: 1 }),
    expected: ["type"],
  },
  {
    name: "an agent instance that is not an id",
    kind: "metric",
    fields: () => ({ type: "token_usage", value: 1, agentInstanceId: "instance-1" }),
    expected: ["agentInstanceId"],
  },
  {
    name: "a value too large to sum",
    kind: "metric",
    fields: () => ({ type: "t", value: 1e16 }),
    expected: ["value"],
  },
  {
    name: "metadata that is not an object",
    kind: "metric",
    fields: () => ({ type: "t", value: 1, metadata: [1] }),
    expected: ["metadata"],
  },
  {
    name: "a memory record with its phase and metadata",
    kind: "memory",
    fields: (ids) => ({
      runId: ids.run,
      phase: "analysis",
      kind: "insight",
      content: "Tests sit beside code",
      metadata: { a: 1 },
    }),
    expected: "accepted",
  },
  {
    name: "a memory record with no phase",
    kind: "memory",
    fields: (ids) => ({ runId: ids.run, phase: null, kind: "failure", content: "x" }),
    expected: "accepted",
  },
  {
    name: "blank content",
    kind: "memory",
    fields: (ids) => ({ runId: ids.run, kind: "insight", content: " \n " }),
    expected: ["content"],
  },
  {
    name: "an unknown kind of memory",
    kind: "memory",
    fields: (ids) => ({ runId: ids.run, kind: "rumour", content: "x" }),
    expected: ["kind"],
  },
  {
    name: "a memory record of no run",
    kind: "memory",
    fields: () => ({ kind: "insight", content: "x" }),
    expected: ["runId"],
  },
  {
    name: "a choice with options",
    kind: "cta",
    fields: (ids) => ({ runId: ids.run, kind: "choice", prompt: "Which?", options: ["a", "b"] }),
    expected: "accepted",
  },
  {
    name: "an option of 500 characters",
    kind: "cta",
    fields: () => ({ kind: "choice", prompt: "?", options: ["o".repeat(500)] }),
    expected: "accepted",
  },
  {
    name: "an expiry in an hour",
    kind: "cta",
    fields: () => ({ kind: "approval", prompt: "Merge?", expiresAt: inAnHour() }),
    expected: "accepted",
  },
  {
    name: "a choice without options",
    kind: "cta",
    fields: () => ({ kind: "choice", prompt: "?" }),
    expected: ["options"],
  },
  {
    name: "the same option twice",
    kind: "cta",
    fields: () => ({ kind: "choice", prompt: "?", options: ["a", "a"] }),
    expected: ["options"],
  },
  {
    name: "options the same once trimmed",
    kind: "cta",
    fields: () => ({ kind: "choice", prompt: "?", options: ["a", " a "] }),
    expected: ["options"],
  },
  {
    name: "an empty option",
    kind: "cta",
    fields: () => ({ kind: "choice", prompt: "?", options: ["a", ""] }),
    expected: ["options.1"],
  },
  {
    name: "options on an approval",
    kind: "cta",
    fields: () => ({ kind: "approval", prompt: "?", options: ["a"] }),
    expected: ["options"],
  },
  {
    name: "an expiry already past",
    kind: "cta",
    fields: () => ({ kind: "text", prompt: "?", expiresAt: aSecondAgo() }),
    expected: ["expiresAt"],
  },
  {
    name: "an expiry that is not a date",
    kind: "cta",
    fields: () => ({ kind: "text", prompt: "?", expiresAt: "soon" }),
    expected: ["expiresAt"],
  },
  {
    name: "a blank prompt",
    kind: "cta",
    fields: () => ({ kind: "text", prompt: "  " }),
    expected: ["prompt"],
  },
];

describe("records writable as events and through procedures", () => {
  const server = useTestServer();

  async function workspace() {
    const caller = await server.workspace();
    return { ...caller, ids: await insertOneRowInEveryTable(server.db, caller.workspaceId) };
  }

  async function ingest(plainKey: string, events: Fields[]) {
    const response = await server.app.request("/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${plainKey}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      accepted: string[];
      rejected: { errors: { path: string; message: string }[] }[];
    };
  }

  async function sendAsEvent(plainKey: string, kind: RecordKind, fields: Fields): Promise<Outcome> {
    const event: Fields = {
      type: records[kind].eventType,
      eventId: randomUUID(),
      id: randomUUID(),
    };
    for (const [field, value] of Object.entries(fields)) event[toEventField(kind, field)] = value;
    const { accepted, rejected } = await ingest(plainKey, [event]);
    if (accepted.length === 1) return "accepted";
    return (rejected[0]?.errors ?? []).map((error) => fromEventField(kind, error.path)).sort();
  }

  async function callProcedure(
    client: Awaited<ReturnType<typeof workspace>>["client"],
    kind: RecordKind,
    fields: Fields,
  ): Promise<Outcome> {
    const [domain, name] = records[kind].procedure;
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const procedure = (client as any)[domain][name] as {
      mutate: (input: Fields) => Promise<unknown>;
    };
    try {
      await procedure.mutate(fields);
      return "accepted";
    } catch (error) {
      const { data } = error as { data?: { code?: string; fieldErrors?: { path: string }[] } };
      if (data?.code !== "BAD_REQUEST") throw error;
      return (data.fieldErrors ?? []).map((fieldError) => fieldError.path).sort();
    }
  }

  it.each(cases)(
    "gives the same answer on both paths: $name",
    async ({ kind, fields, expected }) => {
      const { client, plainKey, ids } = await workspace();
      const input = fields(ids);
      const asEvent = await sendAsEvent(plainKey, kind, input);
      const throughProcedure = await callProcedure(client, kind, input);
      expect({ asEvent, throughProcedure }).toEqual({
        asEvent: expected,
        throughProcedure: expected,
      });
    },
  );

  it("refuses an approval event with repeated options or a past expiry at the door, naming the field, as ctaEvents.request does", async () => {
    const { plainKey, workspaceId } = await server.workspace();
    const request = { type: "cta.requested", kind: "choice", prompt: "Which?" };
    const answer = await ingest(plainKey, [
      { ...request, eventId: randomUUID(), id: randomUUID(), options: ["jwt", "jwt"] },
      {
        ...request,
        eventId: randomUUID(),
        id: randomUUID(),
        options: ["a", "b"],
        expiresAt: aSecondAgo(),
      },
    ]);
    expect(answer.accepted).toEqual([]);
    expect(answer.rejected.map((rejected) => rejected.errors)).toEqual([
      [{ path: "options", message: "must be unique" }],
      [{ path: "expiresAt", message: "must be in the future" }],
    ]);
    const inbox = await server.db
      .select()
      .from(ingestInbox)
      .where(eq(ingestInbox.workspaceId, workspaceId));
    expect(inbox).toEqual([]);
  });
});
