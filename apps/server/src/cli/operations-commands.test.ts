import { randomUUID } from "node:crypto";
import { createApiKey, createWorkspace, findUsableApiKey } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { queueEventsDirectly } from "../testing";
import { CliUsageError } from "./run-cli";
import { stewardOn } from "./steward-for-tests";

describe("pnpm steward key limit and status", () => {
  const database = useTestDatabase();

  const steward = stewardOn(database);

  it("gives a key its own rate limit and the default back", async () => {
    const workspace = await createWorkspace(database.current.db, { name: "Limited" });
    const { plainKey, record } = await createApiKey(database.current.db, {
      workspaceId: workspace.id,
      name: "limited",
      scopes: ["ingest"],
    });
    const args = ["key", "limit", "--workspace", workspace.slug, record.id];
    expect(await steward(...args, "50", "--burst", "200")).toMatch(/50 events\/s, 200 at once/);
    const limited = await findUsableApiKey(database.current.db, plainKey);
    expect(limited).toMatchObject({ rateLimitPerSecond: 50, rateLimitBurst: 200 });
    expect(await steward(...args, "default")).toMatch(/default rate limit/);
    const restored = await findUsableApiKey(database.current.db, plainKey);
    expect(restored).toMatchObject({ rateLimitPerSecond: null, rateLimitBurst: null });
    await expect(steward(...args, "0")).rejects.toThrow(CliUsageError);
    await expect(steward(...args, "0")).rejects.toThrow(/events\/s must be a whole number/);
    await expect(
      steward("key", "limit", "--workspace", workspace.slug, randomUUID(), "5"),
    ).rejects.toThrow(/has no key/);
  });

  it("prints the inbox, the ledger, dead letters and connections", async () => {
    const workspace = await createWorkspace(database.current.db, { name: "Status" });
    await queueEventsDirectly(database.current.db, workspace.id, 1);
    const printed = await steward("status");
    expect(printed).toMatch(/inbox\s+1 event\(s\) waiting, oldest [\d.]+ s old/);
    expect(printed).toMatch(/applied\s+\d+ event/);
    expect(printed).toMatch(/dead letters\s+0 listed/);
    expect(printed).toMatch(/connections\s+1 active/);
  });
});
