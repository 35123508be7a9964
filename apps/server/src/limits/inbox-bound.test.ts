import { createWorkspace } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { queueEventsDirectly } from "../testing";
import { createInboxGauge } from "./inbox-bound";

describe("inbox gauge", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;
  const queue = (workspaceId: string, count: number) =>
    queueEventsDirectly(db(), workspaceId, count);

  it("reuses a slow count for admission twenty times as long as it took; a read counts afresh", async () => {
    const { id: workspaceId } = await createWorkspace(db(), { name: "Gauge" });
    await queue(workspaceId, 2);
    // A clock that moves 100 ms each time it is read: the count takes 100 ms.
    let clock = 0;
    const gauge = createInboxGauge({
      db: db(),
      intervalMs: 0,
      now: () => {
        clock += 100;
        return clock;
      },
    });
    await gauge.refresh();
    expect(gauge.current().depth).toBe(2);
    await queue(workspaceId, 3);
    // 2 s must pass before admission counts again: the 3 queued behind its back are not seen.
    await gauge.refresh();
    expect(gauge.current().depth).toBe(2);
    clock += 2_000;
    await gauge.refresh();
    expect(gauge.current().depth).toBe(5);
    // Metrics and /readyz read at their own pace, every interval (here: always).
    await queue(workspaceId, 1);
    expect((await gauge.read()).depth).toBe(6);
  });

  it("does not count to admit when no bound is set, and still counts when read", async () => {
    const { id: workspaceId } = await createWorkspace(db(), { name: "Unbounded" });
    await queue(workspaceId, 4);
    const gauge = createInboxGauge({ db: db(), intervalMs: 0, bounded: false });
    const room = await gauge.reserve(workspaceId, 1);
    expect(room.pressure.depth).toBe(0);
    room.settle(1);
    // Metrics and /readyz read it: counted (4), plus what this process accepted since (1).
    expect((await gauge.read()).depth).toBeGreaterThanOrEqual(4);
  });
});
