import { enqueueEvents, ingestDeadLetters, ingestInbox } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runWorker } from "./run-worker";
import { stepWithText } from "./testing/refuse-steps";
import { quietLogger, runUntilInboxEmpty } from "./testing/run-until-empty";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("the worker loop", () => {
  const database = useTestDatabase();

  const runUntilEmpty = () => runUntilInboxEmpty(database.current.db);

  it("isolates an event the database refuses, dead-letters it with the reason, and applies the rest", async () => {
    const db = database.current.db;
    // The database refuses one particular step, as it would a value it cannot store.
    await db.execute(sql`
      create function agent.refuse_poison_step() returns trigger language plpgsql as $$
      begin
        if new.text = 'poison' then
          raise exception 'this step cannot be stored' using errcode = '23514';
        end if;
        return new;
      end $$`);
    await db.execute(sql`
      create trigger refuse_poison_step before insert on agent.agent_steps
      for each row execute function agent.refuse_poison_step()`);

    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db, scenario);
    const poison = stepWithText(scenario.orchestrator, "poison");
    await enqueueEvents(db, { workspaceId, events: toInboxEvents([...scenario.events, poison]) });
    const totals = await runUntilEmpty();

    expect(totals.applied).toBe(scenario.events.length);
    const dead = await db
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    expect(dead.map((row) => row.eventId)).toEqual([poison.eventId]);
    expect(dead[0]?.reason).toMatch(/the database refused it: .*cannot be stored/);
    const state = await telemetrySnapshot(db, workspaceId);
    expect(state.steps).toHaveLength(9);
    expect(state.invocations.find((i) => i.id === scenario.orchestrator)?.stepCount).toBe(3);
  });

  it("stops after the batch it is working on when asked to", async () => {
    const db = database.current.db;
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db, scenario);
    await enqueueEvents(db, { workspaceId, events: toInboxEvents(scenario.events) });
    const stop = new AbortController();
    const finished = runWorker({
      db,
      logger: {
        ...quietLogger,
        // Asked to stop as soon as the first batch is under way.
        info: (_details, message) => message === "worker: batch applied" && stop.abort(),
      },
      signal: stop.signal,
      batch: { batchSize: 10 },
      idlePollMs: 10,
    });
    const totals = await finished;
    expect(totals.batches).toBe(1);
    expect(totals.applied).toBe(10);
    const left = await db
      .select()
      .from(ingestInbox)
      .where(eq(ingestInbox.workspaceId, workspaceId));
    expect(left).toHaveLength(scenario.events.length - 10);
  });
});
