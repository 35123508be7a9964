import { randomUUID } from "node:crypto";
import { silentLogger } from "@steward/api";
import {
  createApiKey,
  createWorkspace,
  type Database,
  type DatabaseClient,
  readInboxPressure,
  setApiKeyRateLimit,
} from "@steward/db";
import { createTestDatabase, useTestDatabase } from "@steward/db/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { queueEventsDirectly } from "../testing";
import { estimateEvents } from "./inbox-bound";
import type { Limits } from "./limits";

function invocations(count: number) {
  return Array.from({ length: count }, () => ({
    type: "invocation.started",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    agentType: "coder",
    startedAt: new Date().toISOString(),
  }));
}

async function keyOf(db: Database) {
  const workspace = await createWorkspace(db, { name: "Limits" });
  const { plainKey, record } = await createApiKey(db, {
    workspaceId: workspace.id,
    name: "limits",
    scopes: ["read", "ingest", "admin"],
  });
  return { workspaceId: workspace.id, plainKey, keyId: record.id };
}

function appOf(database: DatabaseClient, limits: Partial<Limits> = {}) {
  return createApp({ database, logger: silentLogger, limits });
}

type App = ReturnType<typeof appOf>;

/** As an HTTP client sends it, with its length (the inbox reserves room by it). */
function ingest(app: App, key: string, events: unknown[], path = "/v1/ingest") {
  const body = JSON.stringify({ v: 1, events });
  return app.request(path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
    },
    body,
  });
}

function trpcQuery(app: App, key: string, procedure: string) {
  return app.request(`/trpc/${procedure}`, { headers: { authorization: `Bearer ${key}` } });
}

describe("per-key rate limit", () => {
  const database = useTestDatabase();

  it("answers 429 with Retry-After once a key's events spend its bucket, on /v1/ingest and tRPC", async () => {
    const { plainKey } = await keyOf(database.current.db);
    const app = appOf(database.current, { rateLimitPerSecond: 1, rateLimitBurst: 20 });
    expect((await ingest(app, plainKey, invocations(20))).status).toBe(200);
    const refused = await ingest(app, plainKey, invocations(1));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });
    const trpc = await trpcQuery(app, plainKey, "apiKeys.current");
    expect(trpc.status).toBe(429);
    expect(Number(trpc.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await trpc.json()).toMatchObject({
      error: { data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } },
    });
  });

  it("takes a key's own limit, set by an admin through apiKeys.setRateLimit", async () => {
    const { plainKey, keyId } = await keyOf(database.current.db);
    const app = appOf(database.current);
    const set = await app.request("/trpc/apiKeys.setRateLimit", {
      method: "POST",
      headers: { authorization: `Bearer ${plainKey}`, "content-type": "application/json" },
      body: JSON.stringify({ id: keyId, perSecond: 1, burst: 3 }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      result: { data: { rateLimitPerSecond: 1, rateLimitBurst: 3 } },
    });
    // The set call itself paid a token from the default bucket; this key's new bucket is fresh.
    expect((await ingest(app, plainKey, invocations(3))).status).toBe(200);
    const refused = await ingest(app, plainKey, invocations(1));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("refuses a limit below one, naming the field", async () => {
    const { plainKey, keyId } = await keyOf(database.current.db);
    const answer = await appOf(database.current).request("/trpc/apiKeys.setRateLimit", {
      method: "POST",
      headers: { authorization: `Bearer ${plainKey}`, "content-type": "application/json" },
      body: JSON.stringify({ id: keyId, perSecond: 0 }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { data: { field: "perSecond" } } });
  });

  it("gives a key the default back when its limit is set to null", async () => {
    const { plainKey, keyId, workspaceId } = await keyOf(database.current.db);
    await setApiKeyRateLimit(database.current.db, {
      workspaceId,
      id: keyId,
      perSecond: 1,
      burst: 1,
    });
    await setApiKeyRateLimit(database.current.db, {
      workspaceId,
      id: keyId,
      perSecond: null,
      burst: null,
    });
    const app = appOf(database.current);
    expect((await ingest(app, plainKey, invocations(10))).status).toBe(200);
    expect((await ingest(app, plainKey, invocations(10))).status).toBe(200);
  });
});

describe("inbox bound", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;
  /** Each test starts from an empty inbox (no worker drains it here). */
  const emptyInbox = () => db().execute(sql`delete from agent.ingest_inbox`);
  const queueDirectly = (workspaceId: string, count: number) =>
    queueEventsDirectly(db(), workspaceId, count);

  it("answers 503 with Retry-After past the bound, and /readyz turns unready", async () => {
    await emptyInbox();
    const { plainKey, workspaceId } = await keyOf(db());
    // A workspace may fill three quarters of it: 12 of 16.
    const app = appOf(database.current, { inboxMaxDepth: 16, inboxCheckIntervalMs: 0 });
    expect((await app.request("/readyz")).status).toBe(200);
    expect((await ingest(app, plainKey, invocations(10))).status).toBe(200);
    // A batch is refused when it would carry the workspace past its share of the bound.
    const refused = await ingest(app, plainKey, invocations(3));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE" } });
    const trpc = await ingest(app, plainKey, invocations(3), "/trpc/ingest.events");
    expect(trpc.status).toBe(503);
    expect(trpc.headers.get("retry-after")).not.toBeNull();
    // Reads are not ingestion: they still pass.
    expect((await trpcQuery(app, plainKey, "apiKeys.current")).status).toBe(200);
    // Under its bound the inbox refuses only what would pass it; at its bound, /readyz says so.
    expect((await app.request("/readyz")).status).toBe(200);
    await queueDirectly(workspaceId, 6);
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable", inbox: expect.any(String) });
  });

  it("leaves a quarter of the inbox to other workspaces while one floods it", async () => {
    await emptyInbox();
    const flood = await keyOf(db());
    const quiet = await keyOf(db());
    const app = appOf(database.current, { inboxMaxDepth: 20, inboxCheckIntervalMs: 0 });
    expect((await ingest(app, flood.plainKey, invocations(15))).status).toBe(200);
    const turnedAway = await ingest(app, flood.plainKey, invocations(1));
    expect(turnedAway.status).toBe(503);
    expect(await turnedAway.json()).toMatchObject({
      error: { message: expect.stringContaining("its share of the inbox is 15") },
    });
    expect((await ingest(app, quiet.plainKey, invocations(5))).status).toBe(200);
    // Now the inbox itself is full, for everyone.
    expect((await ingest(app, quiet.plainKey, invocations(1))).status).toBe(503);
    expect((await readInboxPressure(db())).byWorkspace).toEqual(
      new Map([
        [flood.workspaceId, 15],
        [quiet.workspaceId, 5],
      ]),
    );
  });

  it("refuses a batch found larger than its door estimate when the rest does not fit, queueing none of it", async () => {
    await emptyInbox();
    const other = await keyOf(db());
    const { plainKey, workspaceId } = await keyOf(db());
    // Named by a one-letter agent name, each event is shorter than the door's guess of 200 bytes.
    const events = invocations(40).map(({ agentType: _, ...event }) => ({
      ...event,
      agentName: "a",
    }));
    const estimate = estimateEvents(Buffer.byteLength(JSON.stringify({ v: 1, events })));
    // The door guesses from the body's length, and here guesses low.
    expect(estimate).toBeLessThan(events.length);
    const before = Math.ceil(estimate / 3);
    await queueDirectly(other.workspaceId, before);
    // Exactly room for the estimate: the door admits, the count once read does not fit.
    const app = appOf(database.current, {
      inboxMaxDepth: before + estimate,
      inboxCheckIntervalMs: 0,
    });
    for (const path of ["/v1/ingest", "/trpc/ingest.events"]) {
      const refused = await ingest(app, plainKey, events, path);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect((await readInboxPressure(db())).byWorkspace.get(workspaceId)).toBeUndefined();
    // What fits is taken.
    const fits = await ingest(app, plainKey, events.slice(0, estimate));
    expect(await fits.json()).toMatchObject({ accepted: expect.any(Array), rejected: [] });
  });

  it("reads the depth once per interval and adds what it accepted meanwhile", async () => {
    await emptyInbox();
    const { plainKey, workspaceId } = await keyOf(db());
    // The workspace's share: 10 of 14.
    const app = appOf(database.current, { inboxMaxDepth: 14, inboxCheckIntervalMs: 60_000 });
    expect((await ingest(app, plainKey, invocations(6))).status).toBe(200);
    // Queued behind the server's back: not seen until the next read, a minute away.
    await queueDirectly(workspaceId, 1);
    expect((await ingest(app, plainKey, invocations(3))).status).toBe(200);
    // Its own 6 + 3, and 2 more, pass its share without another read.
    expect((await ingest(app, plainKey, invocations(2))).status).toBe(503);
  });
});

describe("failed authentication", () => {
  it("throttles an address past its failures, without a database lookup", async () => {
    const client = await createTestDatabase();
    const app = appOf(client, { authFailuresPerMinute: 3 });
    const wrong = (n: number) => `stw_wrong-key-${n}`;
    for (let n = 0; n < 3; n++) {
      expect((await ingest(app, wrong(n), invocations(1))).status).toBe(401);
    }
    // A lookup now would fail: the database is gone. The answers come from memory.
    await client.close();
    for (let n = 3; n < 10; n++) {
      const throttled = await ingest(app, wrong(n), invocations(1));
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    const trpc = await trpcQuery(app, wrong(11), "apiKeys.current");
    expect(trpc.status).toBe(429);
    expect(trpc.headers.get("retry-after")).not.toBeNull();
  });

  it("knows a key it found unusable without looking it up again", async () => {
    const client = await createTestDatabase();
    const app = appOf(client, { authFailuresPerMinute: 100 });
    expect((await ingest(app, "stw_not-a-key", invocations(1))).status).toBe(401);
    await client.close();
    const again = await ingest(app, "stw_not-a-key", invocations(1));
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const trpc = await trpcQuery(app, "stw_not-a-key", "apiKeys.current");
    expect(trpc.status).toBe(401);
  });
});
