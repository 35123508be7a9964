import { randomUUID } from "node:crypto";
import { sql, TransactionRollbackError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../testing";
import {
  changeChannel,
  changeNoticeOf,
  encodeChangeNotice,
  notifyChanges,
  parseChangeNotice,
} from "./changes";

/** Resolves once `ready()` holds, checking every few milliseconds; rejects after `ms`. */
async function eventually(ready: () => boolean, ms = 2_000) {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the change channel (LISTEN/NOTIFY on either store)", () => {
  const database = useTestDatabase();

  async function listenAll() {
    const payloads: string[] = [];
    const stop = await database.current.listen(changeChannel, (payload) => payloads.push(payload));
    return { payloads, stop };
  }

  it(`delivers a notification sent by the same client to its listener`, async () => {
    const { payloads, stop } = await listenAll();
    const notice = changeNoticeOf(randomUUID(), { runs: [randomUUID()], ingest: true });
    await notifyChanges(database.current.db, [notice]);
    await eventually(() => payloads.length === 1);
    expect(parseChangeNotice(payloads[0] ?? "")).toEqual(notice);
    await stop();
  });

  it("delivers what a transaction notifies when it commits, and nothing when it rolls back", async () => {
    const { payloads, stop } = await listenAll();
    const committed = changeNoticeOf(randomUUID(), { approvals: true });
    const rolledBack = changeNoticeOf(randomUUID(), { traces: true });
    await database.current.transaction(async (tx) => {
      await notifyChanges(tx, [committed]);
      // Held until commit: a listener hears nothing while the transaction is open.
      await pause(100);
      expect(payloads).toEqual([]);
    });
    await eventually(() => payloads.length === 1);
    await database.current
      .transaction(async (tx) => {
        await notifyChanges(tx, [rolledBack]);
        tx.rollback();
      })
      .catch((error) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    await notifyChanges(database.current.db, [committed]);
    await eventually(() => payloads.length === 2);
    await pause(50);
    expect(payloads.map(parseChangeNotice)).toEqual([committed, committed]);
    await stop();
  });

  it("sends several workspaces' notices in one statement, and stops at unlisten", async () => {
    const { payloads, stop } = await listenAll();
    const notices = [randomUUID(), randomUUID()].map((w) => changeNoticeOf(w, { ingest: true }));
    await notifyChanges(database.current.db, notices);
    await eventually(() => payloads.length === 2);
    expect(payloads.map(parseChangeNotice)).toEqual(notices);
    await stop();
    await notifyChanges(database.current.db, notices);
    await pause(100);
    expect(payloads).toHaveLength(2);
  });

  it("names too many runs as `all`, under Postgres's 8000-byte payload limit", async () => {
    const { payloads, stop } = await listenAll();
    const runs = Array.from({ length: 1_000 }, () => randomUUID());
    const notice = changeNoticeOf(randomUUID(), { runs, traces: true });
    expect(Buffer.byteLength(encodeChangeNotice(notice))).toBeLessThan(8_000);
    // Postgres refuses a payload of 8000 bytes or more; this one goes through.
    await notifyChanges(database.current.db, [notice]);
    await eventually(() => payloads.length === 1);
    expect(parseChangeNotice(payloads[0] ?? "")).toEqual({ ...notice, runs: [], all: true });
    const few = changeNoticeOf(randomUUID(), { runs: runs.slice(0, 100) });
    expect(parseChangeNotice(encodeChangeNotice(few))).toEqual(few);
    await stop();
  });

  it("ignores a payload that is not a change notice", async () => {
    expect(parseChangeNotice("not json")).toBeUndefined();
    expect(parseChangeNotice('{"w":"x","runs":[]}')).toBeUndefined();
    const { payloads, stop } = await listenAll();
    await database.current.db.execute(sql`select pg_notify(${changeChannel}, 'hello')`);
    await eventually(() => payloads.length === 1);
    expect(parseChangeNotice(payloads[0] ?? "")).toBeUndefined();
    await stop();
  });
});
