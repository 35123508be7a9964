import { type Database, enqueueEvents } from "@steward/db";
import {
  type buildScenario,
  createRunWorkspace,
  drainInbox,
  telemetrySnapshot,
  toInboxEvents,
} from "@steward/telemetry/testing";
import { expect } from "vitest";

/**
 * Each scenario's workspace holds exactly what one calm, ordered replay of its events gives in
 * a fresh workspace: nothing lost, nothing doubled, rollups exact.
 */
export async function expectEachRecordedOnce(
  db: Database,
  scenarios: ReturnType<typeof buildScenario>[],
  workspaces: string[],
) {
  for (const [index, scenario] of scenarios.entries()) {
    const reference = await createRunWorkspace(db, scenario);
    await enqueueEvents(db, { workspaceId: reference, events: toInboxEvents(scenario.events) });
    await drainInbox(db);
    const expected = await telemetrySnapshot(db, reference);
    expect(expected.steps).toHaveLength(9);
    expect(expected.deadLetters).toBe(0);
    expect(await telemetrySnapshot(db, workspaces[index] ?? ""), `scenario ${index}`).toEqual(
      expected,
    );
  }
}
