import { readTelemetryRetention } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("retention", () => {
  const server = useTestServer();

  it("keeps telemetry by default, and an admin key sets and clears the workspace's days", async () => {
    const { client } = await server.workspace({ scopes: ["admin"] });
    expect(await client.retention.get.query()).toEqual({ telemetryRetentionDays: null });
    expect(await client.retention.set.mutate({ telemetryRetentionDays: 30 })).toEqual({
      telemetryRetentionDays: 30,
    });
    expect(await client.retention.get.query()).toEqual({ telemetryRetentionDays: 30 });
    expect(await client.retention.set.mutate({ telemetryRetentionDays: null })).toEqual({
      telemetryRetentionDays: null,
    });
  });

  it("refuses days that are not a whole number from 1, naming the field", async () => {
    const { client } = await server.workspace({ scopes: ["admin"] });
    await expectFieldErrors(client.retention.set.mutate({ telemetryRetentionDays: 0 }), [
      "telemetryRetentionDays",
    ]);
    await expectFieldErrors(client.retention.set.mutate({ telemetryRetentionDays: 1.5 }), [
      "telemetryRetentionDays",
    ]);
  });

  it("needs an admin key, and never changes another workspace's setting", async () => {
    const writer = await server.workspace({ scopes: ["read", "write"] });
    await expectTRPCError(
      writer.client.retention.set.mutate({ telemetryRetentionDays: 5 }),
      "FORBIDDEN",
    );
    const other = await server.workspace({ scopes: ["admin"] });
    const admin = await server.workspace({ scopes: ["admin"] });
    await admin.client.retention.set.mutate({ telemetryRetentionDays: 3 });
    expect(await readTelemetryRetention(server.db, { workspaceId: other.workspaceId })).toEqual({
      outcome: "done",
      days: null,
    });
  });
});
