import { enqueueEvents, ingestDeadLetters } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { refusedStepText, refuseMarkedSteps, stepWithText } from "./testing/refuse-steps";
import { runUntilInboxEmpty } from "./testing/run-until-empty";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("the worker loop with a refused event in its batch", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  it("drains the batch in one pass instead of re-running it one event at a time", async () => {
    await refuseMarkedSteps(db());
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const poison = stepWithText(scenario.orchestrator, refusedStepText("22008"));
    const events = [...scenario.events, poison];
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });

    const totals = await runUntilInboxEmpty(db(), { batch: { batchSize: events.length } });

    expect(totals).toMatchObject({
      batches: 1,
      applied: scenario.events.length,
      deadLettered: 1,
    });
    expect((await telemetrySnapshot(db(), workspaceId)).steps).toHaveLength(9);
  });

  it("still dead-letters an event that breaks its batch outside the apply statements", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const broken = scenario.events.at(-1); // the metric: nothing waits for it
    if (!broken) throw new Error("empty scenario");
    // The ledger refuses this one event, so its batch fails while settling, after applying.
    await db().execute(
      sql.raw(`
      create function agent.refuse_ledger_entry() returns trigger language plpgsql as $$
      begin
        if new.event_id = '${broken.eventId}' then
          raise exception 'the ledger refuses this event' using errcode = 'XX000';
        end if;
        return new;
      end $$`),
    );
    await db().execute(sql`
      create trigger refuse_ledger_entry before insert on agent.ingested_events
      for each row execute function agent.refuse_ledger_entry()`);
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(scenario.events) });

    const totals = await runUntilInboxEmpty(db(), { batch: { batchSize: 60 } });

    expect(totals).toMatchObject({ applied: scenario.events.length - 1, deadLettered: 1 });
    const dead = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    expect(dead.map((row) => [row.eventId, row.reason])).toEqual([
      [broken.eventId, "the database refused it: the ledger refuses this event"],
    ]);
  });
});
