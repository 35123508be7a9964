import { randomUUID } from "node:crypto";
import { ingestDeadLetters } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, useTestServer } from "../testing";
import { newestFirst, type Seeded, seedLists, t0 } from "./lists/seed";

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a list, three at a time, so each case also crosses several cursors. */
async function readAll<T>(list: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await list(cursor);
    items.push(...answer.items);
    if (!answer.nextCursor) return items;
    cursor = answer.nextCursor;
  }
  throw new Error("readAll: the list did not end");
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
const minute = 60_000;
const iso = (minutes: number) => new Date(t0 + minutes * minute).toISOString();

describe("lists with filters, newest first", () => {
  const server = useTestServer();

  async function seeded() {
    const own = await server.workspace();
    const other = await server.workspace();
    // The other workspace holds rows every filter of these cases would match.
    await insertOneRowInEveryTable(server.db, other.workspaceId);
    await seedLists(server.db, other.workspaceId);
    return { client: own.client, rows: await seedLists(server.db, own.workspaceId) };
  }

  let data: Promise<{
    client: Awaited<ReturnType<typeof server.workspace>>["client"];
    rows: Seeded;
  }>;
  const setup = () => {
    data ??= seeded();
    return data;
  };

  it("lists runs by status, phase, project, created and started time, and title", async () => {
    const { client, rows } = await setup();
    const runs = rows.runs;
    const list = (input: Parameters<typeof client.runs.list.query>[0]) =>
      readAll((cursor) => client.runs.list.query({ ...input, limit: 3, cursor }));
    const expectRuns = async (
      input: Parameters<typeof client.runs.list.query>[0],
      keep: (run: (typeof runs)[number]) => boolean,
    ) =>
      expect(ids(await list(input)), JSON.stringify(input)).toEqual(
        ids(newestFirst(runs.filter(keep))),
      );

    await expectRuns({}, () => true);
    await expectRuns(
      { status: "running" },
      (r) => !["completed", "failed"].includes(r.currentPhase),
    );
    await expectRuns({ status: "completed" }, (r) => r.currentPhase === "completed");
    await expectRuns({ status: "failed" }, (r) => r.currentPhase === "failed");
    await expectRuns({ currentPhase: "analysis" }, (r) => r.currentPhase === "analysis");
    await expectRuns({ projectId: rows.projectIds[1] }, (r) => r.projectId === rows.projectIds[1]);
    const createdAt = (r: (typeof runs)[number]) => r.createdAt.getTime();
    await expectRuns(
      { from: iso(2), to: iso(5) },
      (r) => createdAt(r) >= t0 + 2 * minute && createdAt(r) < t0 + 5 * minute,
    );
    await expectRuns({ from: iso(6) }, (r) => createdAt(r) >= t0 + 6 * minute);
    await expectRuns(
      { startedFrom: iso(120), startedTo: iso(300) },
      (r) =>
        r.startedAt.getTime() >= t0 + 120 * minute && r.startedAt.getTime() < t0 + 300 * minute,
    );
    await expectRuns({ titleContains: "LOGIN" }, (r) => r.title.toLowerCase().includes("login"));
    // `%` and `_` are text to find, not patterns.
    await expectRuns({ titleContains: "0%_o" }, (r) => r.title.includes("0%_o"));
    await expectRuns({ titleContains: "%" }, (r) => r.title.includes("%"));
    await expectRuns({ titleContains: "d_l" }, () => false);
    await expectRuns(
      { status: "completed", projectId: rows.projectIds[0], titleContains: "search" },
      (r) =>
        r.currentPhase === "completed" &&
        r.projectId === rows.projectIds[0] &&
        r.title.includes("Search"),
    );

    const [first] = await list({});
    expect(first).not.toHaveProperty("input");
    expect(first).not.toHaveProperty("request");
    expect(first).not.toHaveProperty("result");
  });

  it("lists invocations by agent, type, model, status, time, parent and run", async () => {
    const { client, rows } = await setup();
    const all = rows.invocations;
    type Row = (typeof all)[number];
    const expectInvocations = async (
      input: Parameters<typeof client.invocations.list.query>[0],
      keep: (row: Row) => boolean,
    ) =>
      expect(
        ids(
          await readAll((cursor) => client.invocations.list.query({ ...input, limit: 3, cursor })),
        ),
        JSON.stringify(input),
      ).toEqual(ids(newestFirst(all.filter(keep))));

    await expectInvocations({}, () => true);
    await expectInvocations({ agentId: rows.agentIds[0] }, (r) => r.agentId === rows.agentIds[0]);
    await expectInvocations({ agentType: "coder" }, (r) => r.agentType === "coder");
    await expectInvocations({ model: "o3" }, (r) => r.model === "o3");
    await expectInvocations({ status: "failed" }, (r) => r.status === "failed");
    await expectInvocations(
      { from: iso(3), to: iso(7) },
      (r) => r.createdAt.getTime() >= t0 + 3 * minute && r.createdAt.getTime() < t0 + 7 * minute,
    );
    await expectInvocations(
      { parentInvocationId: rows.rootId },
      (r) => r.parentInvocationId === rows.rootId,
    );
    await expectInvocations({ runId: rows.runs[1]?.id }, (r) => r.runId === rows.runs[1]?.id);
    await expectInvocations(
      { agentType: "explorer", status: "completed", model: "o3" },
      (r) => r.agentType === "explorer" && r.status === "completed" && r.model === "o3",
    );

    const { items } = await client.invocations.list.query({ limit: 1 });
    expect(items[0]).not.toHaveProperty("input");
    expect(items[0]).not.toHaveProperty("output");
  });

  it("lists tool calls by name, status, output types (errors, denials), time and invocation", async () => {
    const { client, rows } = await setup();
    const all = rows.calls;
    type Row = (typeof all)[number];
    const expectCalls = async (
      input: Parameters<typeof client.toolCalls.list.query>[0],
      keep: (row: Row) => boolean,
    ) =>
      expect(
        ids(await readAll((cursor) => client.toolCalls.list.query({ ...input, limit: 3, cursor }))),
        JSON.stringify(input),
      ).toEqual(ids(newestFirst(all.filter(keep))));

    // Three calls share a millisecond: paging three at a time cuts through them.
    await expectCalls({}, () => true);
    await expectCalls({ toolName: "bash" }, (r) => r.toolName === "bash");
    await expectCalls({ status: "failed" }, (r) => r.status === "failed");
    const errors = ["error-text", "error-json"] as const;
    await expectCalls({ outputTypes: [...errors] }, (r) => errors.some((t) => t === r.outputType));
    await expectCalls(
      { outputTypes: ["execution-denied"] },
      (r) => r.outputType === "execution-denied",
    );
    await expectCalls({ outputTypes: ["json", "text", "error-text", "json"] }, (r) =>
      ["json", "text", "error-text"].includes(r.outputType ?? ""),
    );
    await expectCalls(
      { from: iso(4), to: iso(12) },
      (r) => r.createdAt.getTime() >= t0 + 4 * minute && r.createdAt.getTime() < t0 + 12 * minute,
    );
    // A cursor later than `to` leaves the window as it is; an earlier one pages inside it.
    const recent = await client.toolCalls.list.query({ limit: 2 });
    const window = { from: iso(1), to: iso(5) };
    expect(
      ids(
        (await client.toolCalls.list.query({ ...window, cursor: recent.nextCursor ?? "" })).items,
      ),
    ).toEqual(ids((await client.toolCalls.list.query(window)).items));
    const invocationId = rows.invocations[2]?.id;
    await expectCalls({ invocationId }, (r) => r.invocationId === invocationId);
    await expectCalls(
      { toolName: "grep", outputTypes: [...errors] },
      (r) => r.toolName === "grep" && errors.some((t) => t === r.outputType),
    );

    const { items } = await client.toolCalls.list.query({ limit: 1, outputTypes: [...errors] });
    expect(items[0]).not.toHaveProperty("input");
    expect(items[0]).not.toHaveProperty("output");
    expect(items[0]?.createdAt).toBeTypeOf("string");
  });

  it("lists approvals pending, answered or all, by time and run", async () => {
    const { client, rows } = await setup();
    const all = rows.events;
    type Row = (typeof all)[number];
    const expectEvents = async (
      input: Parameters<typeof client.ctaEvents.list.query>[0],
      keep: (row: Row) => boolean,
    ) =>
      expect(
        ids(await readAll((cursor) => client.ctaEvents.list.query({ ...input, limit: 3, cursor }))),
        JSON.stringify(input),
      ).toEqual(ids(newestFirst(all.filter(keep))));

    await expectEvents({}, () => true);
    await expectEvents({ status: "pending" }, (r) => r.status === "pending");
    await expectEvents({ status: "answered" }, (r) => r.status === "answered");
    await expectEvents(
      { status: "answered", from: iso(2), to: iso(6) },
      (r) =>
        r.status === "answered" &&
        r.createdAt.getTime() >= t0 + 2 * minute &&
        r.createdAt.getTime() < t0 + 6 * minute,
    );
    await expectEvents({ runId: rows.runs[0]?.id }, (r) => r.runId === rows.runs[0]?.id);
  });

  it("lists dead letters by event type and time", async () => {
    const { workspaceId, client } = await server.workspace();
    const types = ["step.finished", "tool_call.finished", "invocation.started"];
    const letters = Array.from({ length: 9 }, (_, i) => ({
      workspaceId,
      eventId: randomUUID(),
      eventType: types[i % 3] as string,
      payload: { n: i },
      reason: "its parent never arrived",
      attempts: 3,
      receivedAt: new Date(t0),
      deadAt: new Date(t0 + i * minute),
    }));
    await server.db.insert(ingestDeadLetters).values(letters);
    const expectLetters = async (
      input: Parameters<typeof client.ingest.deadLetters.query>[0],
      keep: (letter: (typeof letters)[number]) => boolean,
    ) => {
      const all = await readAll((cursor) =>
        client.ingest.deadLetters.query({ ...input, limit: 2, cursor }),
      );
      const expected = letters.filter(keep).sort((a, b) => b.deadAt.getTime() - a.deadAt.getTime());
      expect(
        all.map((l) => l.eventId),
        JSON.stringify(input),
      ).toEqual(expected.map((l) => l.eventId));
    };
    await expectLetters({}, () => true);
    await expectLetters({ eventType: "step.finished" }, (l) => l.eventType === "step.finished");
    await expectLetters(
      { from: iso(2), to: iso(7) },
      (l) => l.deadAt.getTime() >= t0 + 2 * minute && l.deadAt.getTime() < t0 + 7 * minute,
    );
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    await expectFieldErrors(
      untyped.ingest.deadLetters.query({ eventType: "", from: iso(3), to: iso(1) }),
      ["eventType", "to"],
    );
  });

  it("answers an empty page for a filter naming another workspace's row", async () => {
    const { client } = await setup();
    const other = await server.workspace();
    const theirs = await insertOneRowInEveryTable(server.db, other.workspaceId);
    expect((await client.invocations.list.query({ runId: theirs.run })).items).toEqual([]);
    expect((await client.invocations.list.query({ agentId: theirs.agent })).items).toEqual([]);
    expect((await client.toolCalls.list.query({ invocationId: theirs.invocation })).items).toEqual(
      [],
    );
    expect((await client.ctaEvents.list.query({ runId: theirs.run })).items).toEqual([]);
    expect((await client.runs.list.query({ projectId: theirs.project })).items).toEqual([]);
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    await expectFieldErrors(untyped.runs.list.query({ status: "done", from: "yesterday" }), [
      "status",
      "from",
    ]);
    await expectFieldErrors(client.runs.list.query({ from: iso(5), to: iso(5) }), ["to"]);
    await expectFieldErrors(client.runs.list.query({ startedFrom: iso(5), startedTo: iso(1) }), [
      "startedTo",
    ]);
    await expectFieldErrors(untyped.runs.list.query({ titleContains: "" }), ["titleContains"]);
    await expectFieldErrors(
      untyped.invocations.list.query({ agentType: "poet", agentId: "x", status: "done" }),
      ["agentType", "agentId", "status"],
    );
    await expectFieldErrors(
      untyped.invocations.list.query({ model: "x".repeat(201), limit: 101 }),
      ["model", "limit"],
    );
    await expectFieldErrors(untyped.toolCalls.list.query({ outputTypes: [] }), ["outputTypes"]);
    await expectFieldErrors(untyped.toolCalls.list.query({ outputTypes: ["error"] }), [
      "outputTypes.0",
    ]);
    await expectFieldErrors(untyped.toolCalls.list.query({ cursor: "not-a-cursor" }), ["cursor"]);
    await expectFieldErrors(client.toolCalls.list.query({ from: iso(9), to: iso(3) }), ["to"]);
    await expectFieldErrors(untyped.ctaEvents.list.query({ status: "open", runId: 7 }), [
      "status",
      "runId",
    ]);
  });
});
