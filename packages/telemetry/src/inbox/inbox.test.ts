import { randomUUID } from "node:crypto";
import { enqueueEvents, rowsOf } from "@steward/db";
import { createTestWorkspace, useTestDatabase } from "@steward/db/testing";
import { sql, TransactionRollbackError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { claimInboxBatch } from "./inbox";

/** An event as the server queues it: small, of a type the worker knows. */
const metric = (note: string) => ({
  eventId: randomUUID(),
  eventType: "metric.recorded",
  payload: { type: "metric.recorded", note },
});

describe("the inbox's claim, bounded by bytes", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  const bytesOf = (payload: object) => Buffer.byteLength(JSON.stringify(payload), "utf8");

  /** Sends events one statement each, so each is due a moment after the one before. */
  async function queue(workspaceId: string, events: ReturnType<typeof metric>[]) {
    for (const event of events) await enqueueEvents(db(), { workspaceId, events: [event] });
  }

  async function claim(limit: number, maxBytes: number) {
    // Rolled back, so every test claims from the same inbox.
    let claimed: string[] = [];
    await db()
      .transaction(async (tx) => {
        claimed = (await claimInboxBatch(tx, { limit, maxBytes })).map((e) => e.eventId);
        tx.rollback();
      })
      .catch((error) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    return claimed;
  }

  it("records each payload's size in UTF-8 bytes as it is queued", async () => {
    const { id: workspaceId } = await createTestWorkspace(db());
    const events = [metric("plain"), metric("ünïcödé ✓ 🚀")];
    await enqueueEvents(db(), { workspaceId, events });
    const rows = rowsOf<{ event_id: string; payload_bytes: number }>(
      await db().execute(sql`
        select event_id, payload_bytes from agent.ingest_inbox where workspace_id = ${workspaceId}`),
    );
    expect(Object.fromEntries(rows.map((row) => [row.event_id, row.payload_bytes]))).toEqual(
      Object.fromEntries(events.map((event) => [event.eventId, bytesOf(event.payload)])),
    );
    await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
  });

  it("claims the longest run of due events that fits the byte budget, and always at least one", async () => {
    const { id: workspaceId } = await createTestWorkspace(db());
    const events = Array.from({ length: 5 }, (_, index) => metric(`${index}`.repeat(1_000)));
    await queue(workspaceId, events);
    const size = bytesOf(events[0]?.payload ?? {});
    const ids = events.map((event) => event.eventId);

    expect(await claim(500, 3 * size)).toEqual(ids.slice(0, 3));
    expect(await claim(500, 3 * size - 1)).toEqual(ids.slice(0, 2));
    expect(await claim(2, 100 * size)).toEqual(ids.slice(0, 2));
    expect(await claim(500, 1)).toEqual(ids.slice(0, 1));
    expect(await claim(500, 100 * size)).toEqual(ids);
    await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
  });

  it("lets workspaces take turns by bytes, so one workspace's large events do not hold another's behind them", async () => {
    const { id: large } = await createTestWorkspace(db());
    const { id: small } = await createTestWorkspace(db());
    const big = Array.from({ length: 3 }, (_, index) => metric(`${index}`.repeat(10_000)));
    const tiny = [metric("a"), metric("b")];
    await queue(large, big);
    await queue(small, tiny);
    const size = bytesOf(big[0]?.payload ?? {});

    // Each workspace's events stay in order; the batch answers them oldest first.
    expect(await claim(500, 2 * size)).toEqual([
      big[0]?.eventId,
      tiny[0]?.eventId,
      tiny[1]?.eventId,
    ]);
    expect(await claim(500, 3 * size)).toEqual([
      big[0]?.eventId,
      big[1]?.eventId,
      tiny[0]?.eventId,
      tiny[1]?.eventId,
    ]);
    for (const workspaceId of [large, small]) {
      await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
    }
  });

  it("measures at claim time an event queued without its size", async () => {
    const { id: workspaceId } = await createTestWorkspace(db());
    const [large, small] = [metric("x".repeat(50_000)), metric("y")];
    for (const event of [large, small]) {
      await db().execute(sql`
        insert into agent.ingest_inbox (workspace_id, event_id, event_type, payload)
        values (${workspaceId}, ${event.eventId}, ${event.eventType}, ${JSON.stringify(event.payload)}::jsonb)`);
    }
    expect(await claim(500, 10_000)).toEqual([large.eventId]);
    await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
  });

  it("shares a batch among workspaces, so a flood's backlog does not hold a quiet workspace's events behind it", async () => {
    const { id: flooding } = await createTestWorkspace(db());
    const { id: quiet } = await createTestWorkspace(db());
    const backlog = Array.from({ length: 40 }, (_, index) => metric(`flood ${index}`));
    await enqueueEvents(db(), { workspaceId: flooding, events: backlog });
    const lone = metric("quiet");
    await queue(quiet, [lone]);

    // Oldest first would fill a batch of 10 with the flood; the quiet event is taken at once,
    // and the flood's events keep their order.
    const claimed = await claim(10, 1_000_000);
    expect(claimed).toHaveLength(10);
    expect(claimed).toContain(lone.eventId);
    expect(claimed.filter((id) => id !== lone.eventId)).toEqual(
      backlog.slice(0, 9).map((event) => event.eventId),
    );
    for (const workspaceId of [flooding, quiet]) {
      await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
    }
  });

  it("gives a workspace with fewer due than an equal share all of its own, and shares the rest", async () => {
    const ids = await Promise.all([0, 1, 2].map(async () => (await createTestWorkspace(db())).id));
    const [a, b, c] = ids as [string, string, string];
    const queued = new Map<string, string>();
    for (const [workspaceId, count] of [
      [a, 20],
      [b, 2],
      [c, 20],
    ] as const) {
      const events = Array.from({ length: count }, (_, index) => metric(`${index}`));
      await enqueueEvents(db(), { workspaceId, events });
      for (const event of events) queued.set(event.eventId, workspaceId);
    }
    const tally = async (limit: number) => {
      const counts = new Map<string, number>();
      for (const id of await claim(limit, 1_000_000)) {
        const workspaceId = queued.get(id) ?? "?";
        counts.set(workspaceId, (counts.get(workspaceId) ?? 0) + 1);
      }
      return counts;
    };
    expect(await tally(10)).toEqual(
      new Map([
        [a, 4],
        [b, 2],
        [c, 4],
      ]),
    );
    // Fewer than one each: every workspace still takes one.
    expect([...(await tally(2)).values()]).toEqual([1, 1]);
    // Room for all of it: all of it.
    expect([...(await tally(500)).values()].sort((x, y) => x - y)).toEqual([2, 20, 20]);
    for (const workspaceId of ids) {
      await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
    }
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))(
  "two workers claiming at once, on Postgres",
  () => {
    const database = useTestDatabase();
    const db = () => database.current.db;

    /** Claims in a transaction of its own, held open until `hold` settles, then rolled back. */
    function claimHolding(limit: number, hold: Promise<void>) {
      let claimed: string[] | undefined;
      const done = db()
        .transaction(async (tx) => {
          claimed = (await claimInboxBatch(tx, { limit, maxBytes: 1_000_000 })).map(
            (e) => e.eventId,
          );
          await hold;
          tx.rollback();
        })
        .catch((error) => {
          if (!(error instanceof TransactionRollbackError)) throw error;
        });
      return {
        done,
        claimed: async () => {
          while (claimed === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
          return claimed;
        },
      };
    }

    it("takes one workspace's events in one worker at a time, and another workspace's meanwhile", async () => {
      const { id: busy } = await createTestWorkspace(db());
      const { id: other } = await createTestWorkspace(db());
      const busyEvents = Array.from({ length: 10 }, (_, index) => metric(`busy ${index}`));
      await enqueueEvents(db(), { workspaceId: busy, events: busyEvents });

      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = claimHolding(3, held);
      expect(await first.claimed()).toEqual(busyEvents.slice(0, 3).map((e) => e.eventId));

      const otherEvents = [metric("other a"), metric("other b")];
      await enqueueEvents(db(), { workspaceId: other, events: otherEvents });
      // The busy workspace's other seven are due and unlocked, yet a second worker leaves them to
      // the first: only the other workspace's events are its to take.
      const second = claimHolding(500, Promise.resolve());
      expect(await second.claimed()).toEqual(otherEvents.map((e) => e.eventId));
      await second.done;

      release();
      await first.done;
      const third = claimHolding(500, Promise.resolve());
      expect((await third.claimed()).length).toBe(12);
      await third.done;
      for (const workspaceId of [busy, other]) {
        await db().execute(sql`delete from agent.ingest_inbox where workspace_id = ${workspaceId}`);
      }
    });
  },
);
