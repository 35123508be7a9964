import { randomUUID } from "node:crypto";
import {
  appRouter,
  createCallerFactory,
  declaredOutput,
  type LiveChange,
  silentLogger,
} from "@steward/api";
import { changeNoticeOf, enqueueEvents, notifyChanges } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { processInboxBatch } from "@steward/telemetry";
import { afterEach, describe, expect, it } from "vitest";
import { useTestServer } from "../testing";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const createCaller = createCallerFactory(appRouter);

/** The contract `live.changes` declares for each event. */
const liveChange = (() => {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    Parameters<typeof declaredOutput>[0]
  >;
  const procedure = procedures["live.changes"];
  const schema = procedure && declaredOutput(procedure);
  if (!schema) throw new Error("live.changes declares no output");
  return schema;
})();

type Received = { change: LiveChange; receivedAt: number };

/** Resolves once `ready()` holds, checking every few milliseconds; rejects after `ms`. */
async function eventually(ready: () => boolean, ms = 3_000) {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await pause(5);
  }
}

describe("live.changes", () => {
  const server = useTestServer();
  const stops: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** Subscribes as the key of `workspaceId`, through the procedure, and collects what arrives. */
  async function subscribe(workspaceId: string) {
    const abort = new AbortController();
    const caller = createCaller(
      {
        db: server.db,
        logger: silentLogger,
        auth: { workspaceId, keyId: randomUUID(), scopes: ["read"], userId: null },
        changes: server.changes,
      },
      { signal: abort.signal },
    );
    const iterator = (await caller.live.changes())[Symbol.asyncIterator]();
    const received: Received[] = [];
    const done = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        received.push({ change: next.value, receivedAt: Date.now() });
      }
    })();
    // The subscriber registers on its first pull; the feed's LISTEN is then made once.
    await server.changes.start();
    await pause(20);
    const stop = async () => {
      abort.abort();
      await done;
    };
    stops.push(stop);
    return { received, stop };
  }

  const runsOf = (received: Received[]) => received.flatMap((r) => r.change.runIds);

  it("tells a subscriber the run the worker just applied telemetry to, within a second", async () => {
    const own = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, own.workspaceId);
    const { received } = await subscribe(own.workspaceId);
    const eventId = randomUUID();
    await enqueueEvents(server.db, {
      workspaceId: own.workspaceId,
      events: [
        {
          eventId,
          eventType: "step.finished",
          payload: {
            type: "step.finished",
            eventId,
            stepId: randomUUID(),
            invocationId: ids.invocation,
            stepNumber: 1,
            usage: { inputTokens: 1 },
            finishedAt: new Date().toISOString(),
          },
        },
      ],
    });
    const outcome = await processInboxBatch(server.db);
    const committedAt = Date.now();
    expect(outcome.applied).toBe(1);
    await eventually(() => runsOf(received).includes(ids.run), 1_000);
    const [first] = received;
    expect(first?.receivedAt).toBeLessThan(committedAt + 1_000);
    expect(liveChange.parse(first?.change)).toMatchObject({
      runIds: [ids.run],
      all: false,
      traces: false,
      ingest: true,
    });
  });

  it("says `traces` for an invocation of no run, and `approvals` with the run for a question", async () => {
    const own = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, own.workspaceId);
    const { received } = await subscribe(own.workspaceId);
    const eventId = randomUUID();
    await enqueueEvents(server.db, {
      workspaceId: own.workspaceId,
      events: [
        {
          eventId,
          eventType: "invocation.started",
          payload: {
            type: "invocation.started",
            eventId,
            invocationId: randomUUID(),
            agentType: "explorer",
            startedAt: new Date().toISOString(),
          },
        },
      ],
    });
    await processInboxBatch(server.db);
    await eventually(() => received.some((r) => r.change.traces));
    expect(runsOf(received)).toEqual([]);

    await own.client.ctaEvents.request.mutate({
      kind: "approval",
      prompt: "Ship it?",
      invocationId: ids.invocation,
    });
    await eventually(() => received.some((r) => r.change.approvals));
    const approval = received.find((r) => r.change.approvals)?.change;
    expect(approval?.runIds).toEqual([ids.run]);
  });

  it("merges a burst into at most one event per 250 ms, naming every run", async () => {
    const own = await server.workspace();
    const { received } = await subscribe(own.workspaceId);
    const runs = Array.from({ length: 12 }, () => randomUUID());
    // One commit each, back to back: they arrive spread over the time the commits take.
    for (const run of runs) {
      await notifyChanges(server.db, [changeNoticeOf(own.workspaceId, { runs: [run] })]);
    }
    await eventually(() => new Set(runsOf(received)).size === runs.length);
    expect(new Set(runsOf(received))).toEqual(new Set(runs));
    // Fewer events than notices, and never two within 250 ms of each other.
    expect(received.length).toBeLessThan(runs.length);
    const times = received.map((r) => Date.parse(r.change.at));
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(249);
    }
  });

  it("ends when the subscriber leaves, and keeps one LISTEN for many subscribers", async () => {
    const own = await server.workspace();
    const first = await subscribe(own.workspaceId);
    const second = await subscribe(own.workspaceId);
    await first.stop();
    await notifyChanges(server.db, [changeNoticeOf(own.workspaceId, { ingest: true })]);
    await eventually(() => second.received.length === 1);
    await pause(50);
    expect(first.received).toEqual([]);
  });

  it("refuses a caller without a key", async () => {
    const caller = createCaller({ db: server.db, logger: silentLogger, auth: null });
    await expect(caller.live.changes()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("live.changes over HTTP (server-sent events)", () => {
  const server = useTestServer();

  /** The data events of an SSE stream, as they arrive; `connected` says the stream is open. */
  function readEvents(body: ReadableStream<Uint8Array>) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const events: { event: string; data: string }[] = [];
    let buffer = "";
    const pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split("\n")
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const data = field("data");
          if (data !== undefined) events.push({ event: field("event") ?? "message", data });
          end = buffer.indexOf("\n\n");
        }
      }
    })();
    return {
      events,
      changes: () =>
        events.filter((e) => e.event === "message").map((e) => JSON.parse(e.data) as LiveChange),
      async close() {
        await reader.cancel().catch(() => undefined);
        await pump;
      },
    };
  }

  async function openStream(key: string) {
    const response = await server.app.request("/trpc/live.changes", {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    if (!response.body) throw new Error("no body");
    return readEvents(response.body);
  }

  it("streams only the caller's workspace: B never hears of A's runs", async () => {
    const a = await server.workspace({ scopes: ["read"] });
    const b = await server.workspace({ scopes: ["read"] });
    const streamA = await openStream(a.plainKey);
    const streamB = await openStream(b.plainKey);
    const runsOfA: string[] = [];
    const runsOfB: string[] = [];
    const sendRound = async () => {
      const runA = randomUUID();
      const runB = randomUUID();
      runsOfA.push(runA);
      runsOfB.push(runB);
      // A's change commits first, so a leak would reach B before B's own.
      await notifyChanges(server.db, [changeNoticeOf(a.workspaceId, { runs: [runA] })]);
      await notifyChanges(server.db, [changeNoticeOf(b.workspaceId, { runs: [runB] })]);
      return runB;
    };
    // The stream's subscriber registers once the stream is read: send until B hears, then again.
    const deadline = Date.now() + 5_000;
    while (streamB.changes().length === 0 && Date.now() < deadline) {
      await sendRound();
      await pause(100);
    }
    const last = await sendRound();
    await eventually(() => streamB.changes().some((c) => c.runIds.includes(last)));
    await eventually(() => streamA.changes().some((c) => c.runIds.includes(runsOfA.at(-1) ?? "")));

    const heardByB = streamB.changes().flatMap((c) => c.runIds);
    expect(heardByB.filter((run) => runsOfA.includes(run))).toEqual([]);
    expect(heardByB.every((run) => runsOfB.includes(run))).toBe(true);
    const heardByA = streamA.changes().flatMap((c) => c.runIds);
    expect(heardByA.filter((run) => runsOfB.includes(run))).toEqual([]);
    for (const change of streamB.changes()) expect(() => liveChange.parse(change)).not.toThrow();
    await streamA.close();
    await streamB.close();
  });

  it("answers an unauthenticated stream with an error event, not data", async () => {
    const response = await server.app.request("/trpc/live.changes");
    if (!response.body) throw new Error("no body");
    const stream = readEvents(response.body);
    await eventually(() => stream.events.some((e) => e.event === "serialized-error"));
    const error = stream.events.find((e) => e.event === "serialized-error");
    expect(JSON.parse(error?.data ?? "{}")).toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await stream.close();
  });
});
