import { enqueueEvents, ingestedEvents, ingestInbox } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { runWorker } from "./run-worker";
import { quietLogger } from "./testing/run-until-empty";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";

describe("an idle worker", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;
  let stop = new AbortController();
  let running: Promise<unknown> = Promise.resolve();

  /** A worker that would poll only once a minute: whatever it does sooner, it was told to. */
  function startListeningWorker() {
    stop = new AbortController();
    running = runWorker({
      db: db(),
      logger: quietLogger,
      signal: stop.signal,
      listen: database.current.listen,
      idlePollMs: 60_000,
      lingerMs: 0,
      batch: { backoffBaseMs: 300, backoffCapMs: 300 },
    });
  }

  afterEach(async () => {
    stop.abort();
    await running;
  });

  async function appliedWithin(workspaceId: string, count: number, ms: number) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const rows = await db()
        .select({ id: ingestedEvents.eventId })
        .from(ingestedEvents)
        .where(eq(ingestedEvents.workspaceId, workspaceId));
      if (rows.length >= count) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  it("applies events as soon as they are queued, woken by the queue's notification", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    startListeningWorker();
    // Asleep by now: its first look found the inbox empty.
    await new Promise((resolve) => setTimeout(resolve, 300));

    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(scenario.events) });

    expect(await appliedWithin(workspaceId, scenario.events.length, 10_000)).toBe(true);
  });

  it("retries an event waiting for its parent when its backoff ends, with nothing queued meanwhile", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const [parent, ...children] = scenario.events as [
      TelemetryEventInput,
      ...TelemetryEventInput[],
    ];
    startListeningWorker();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The children first: they wait, backing off 300 ms. The parent then lands in the same
    // transaction as a row of its own, which notifies no one.
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(children) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db().transaction(async (tx) => {
      const [queued] = toInboxEvents([parent]);
      if (!queued) throw new Error("no parent");
      await tx.insert(ingestInbox).values({ workspaceId, ...queued });
    });

    expect(await appliedWithin(workspaceId, scenario.events.length, 10_000)).toBe(true);
  });
});
