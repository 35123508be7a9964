import { randomUUID } from "node:crypto";
import { enqueueEvents, ingestDeadLetters } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { processInboxBatch } from "./process-batch";
import { testBatchOptions } from "./testing/drain";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("a tool call started and finished in one batch", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  it("is written once, exactly as its start then its finish would leave it", async () => {
    const scenario = buildScenario();
    const apart = await createRunWorkspace(db(), scenario);
    const isToolCall = (event: TelemetryEventInput) => event.type.startsWith("tool_call.");
    // Starts and finishes in batches of their own: never paired.
    await enqueueEvents(db(), {
      workspaceId: apart,
      events: toInboxEvents(scenario.events.filter((event) => !isToolCall(event))),
    });
    await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });
    for (const type of ["tool_call.started", "tool_call.finished"]) {
      await enqueueEvents(db(), {
        workspaceId: apart,
        events: toInboxEvents(scenario.events.filter((event) => event.type === type)),
      });
      await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });
    }

    const together = await createRunWorkspace(db(), scenario);
    await enqueueEvents(db(), { workspaceId: together, events: toInboxEvents(scenario.events) });
    await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });

    const expected = await telemetrySnapshot(db(), apart);
    expect(expected.toolCalls).toHaveLength(18);
    expect(await telemetrySnapshot(db(), together)).toEqual(expected);
  });

  it("is written as its two events when the database refuses the pair, so only the one at fault is dead-lettered", async () => {
    await db().execute(sql`
      create function agent.refuse_marked_call() returns trigger language plpgsql as $$
      begin
        if new.tool_name = 'refuse-me' then
          raise exception 'this tool call cannot be stored' using errcode = '23514';
        end if;
        return new;
      end $$`);
    await db().execute(sql`
      create trigger refuse_marked_call before insert on agent.tool_calls
      for each row execute function agent.refuse_marked_call()`);
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const step = scenario.events.find((event) => event.type === "step.finished");
    if (step?.type !== "step.finished") throw new Error("no step");
    const call = {
      id: randomUUID(),
      invocationId: step.invocationId,
      stepId: step.stepId,
      toolCallId: "call-refused",
    };
    const start: TelemetryEventInput = {
      type: "tool_call.started",
      eventId: randomUUID(),
      ...call,
      toolName: "refuse-me",
      startedAt: new Date().toISOString(),
    };
    const finish: TelemetryEventInput = {
      type: "tool_call.finished",
      eventId: randomUUID(),
      ...call,
      toolName: "read_file",
      outputType: "text",
      output: "done",
      finishedAt: new Date().toISOString(),
    };
    const events = [...scenario.events, start, finish];
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });

    const outcome = await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });

    expect(outcome).toMatchObject({ applied: events.length - 1, deadLettered: 1 });
    const dead = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    expect(dead.map((row) => [row.eventId, row.reason])).toEqual([
      [start.eventId, "the database refused it: this tool call cannot be stored"],
    ]);
    const written = (await telemetrySnapshot(db(), workspaceId)).toolCalls.find(
      (row) => row.id === call.id,
    );
    expect(written).toMatchObject({ toolName: "read_file", status: "completed", output: "done" });
  });
});
