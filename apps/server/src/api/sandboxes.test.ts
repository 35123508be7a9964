import { randomUUID } from "node:crypto";
import type { SandboxStatus } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const statuses: SandboxStatus[] = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "failed",
  "aborted",
  "snapshotting",
];

/** The lifecycle as the tests state it, independently of the code under test. */
const allowed: Record<SandboxStatus, SandboxStatus[]> = {
  pending: ["running", "failed", "aborted"],
  running: ["stopping", "snapshotting", "failed", "aborted"],
  snapshotting: ["running", "failed"],
  stopping: ["stopped", "failed"],
  stopped: [],
  failed: [],
  aborted: [],
};

/** How a new sandbox reaches each status. */
const pathTo: Record<SandboxStatus, SandboxStatus[]> = {
  pending: [],
  running: ["running"],
  snapshotting: ["running", "snapshotting"],
  stopping: ["running", "stopping"],
  stopped: ["running", "stopping", "stopped"],
  failed: ["failed"],
  aborted: ["aborted"],
};

async function expectInvalidState(call: Promise<unknown>, ...fragments: string[]) {
  const { message, data } = await expectTRPCError(call, "PRECONDITION_FAILED");
  expect(data.appCode).toBe("INVALID_STATE");
  for (const fragment of fragments) expect(message).toContain(fragment);
}

describe("sandboxes router", () => {
  const server = useTestServer();

  async function sandboxIn(
    client: Awaited<ReturnType<typeof server.workspace>>["client"],
    status: SandboxStatus,
  ) {
    const sandbox = await client.sandboxes.create.mutate({ sourceType: "empty" });
    for (const to of pathTo[status])
      await client.sandboxes.transition.mutate({ id: sandbox.id, to });
    return sandbox;
  }

  it("creates sandboxes from each kind of source, and gets and lists them", async () => {
    const { client } = await server.workspace();
    const git = await client.sandboxes.create.mutate({
      sourceType: "git",
      sourceRef: "https://github.com/acme/app#main",
      provider: "e2b",
      metadata: { cpu: 2 },
    });
    expect(git).toMatchObject({
      status: "pending",
      sourceType: "git",
      sourceRef: "https://github.com/acme/app#main",
      provider: "e2b",
      metadata: { cpu: 2 },
      startedAt: null,
    });
    const tarball = await client.sandboxes.create.mutate({
      sourceType: "tarball",
      sourceRef: "s3://bucket/app.tgz",
    });
    const empty = await client.sandboxes.create.mutate({ sourceType: "empty" });
    await client.sandboxes.transition.mutate({ id: empty.id, to: "running" });
    const snapshot = await client.sandboxes.createSnapshot.mutate({ sandboxId: empty.id });
    const restored = await client.sandboxes.create.mutate({
      sourceType: "snapshot",
      sourceRef: snapshot.id,
    });
    expect(restored.sourceRef).toBe(snapshot.id);
    expect(await client.sandboxes.get.query({ id: git.id })).toEqual(git);

    const running = await client.sandboxes.list.query({ status: "running" });
    expect(running.items.map((s) => s.id)).toEqual([empty.id]);
    const first = await client.sandboxes.list.query({ limit: 3 });
    const second = await client.sandboxes.list.query({ limit: 3, cursor: first.nextCursor ?? "" });
    expect([...first.items, ...second.items].map((s) => s.id).sort()).toEqual(
      [git.id, tarball.id, empty.id, restored.id].sort(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it("requires a source reference that fits the source type", async () => {
    const { client } = await server.workspace();
    await expectFieldErrors(client.sandboxes.create.mutate({ sourceType: "git" }), ["sourceRef"]);
    await expectFieldErrors(
      client.sandboxes.create.mutate({ sourceType: "empty", sourceRef: "x" }),
      ["sourceRef"],
    );
    await expectFieldErrors(
      client.sandboxes.create.mutate({ sourceType: "snapshot", sourceRef: "latest" }),
      ["sourceRef"],
    );
    const { data } = await expectTRPCError(
      client.sandboxes.create.mutate({ sourceType: "snapshot", sourceRef: randomUUID() }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("sourceRef");
    const sandbox = await sandboxIn(client, "running");
    const snapshot = await client.sandboxes.createSnapshot.mutate({ sandboxId: sandbox.id });
    await client.sandboxes.deleteSnapshot.mutate({ snapshotId: snapshot.id });
    await expectInvalidState(
      client.sandboxes.create.mutate({ sourceType: "snapshot", sourceRef: snapshot.id }),
      "from created to deleted",
    );
  });

  it("walks the lifecycle, keeping the first start time and stamping the stop", async () => {
    const { client } = await server.workspace();
    const sandbox = await client.sandboxes.create.mutate({ sourceType: "empty" });
    const running = await client.sandboxes.transition.mutate({ id: sandbox.id, to: "running" });
    expect(running.startedAt).toMatch(isoTimestamp);
    await client.sandboxes.transition.mutate({ id: sandbox.id, to: "snapshotting" });
    const resumed = await client.sandboxes.transition.mutate({ id: sandbox.id, to: "running" });
    expect(resumed.startedAt).toEqual(running.startedAt);
    await client.sandboxes.transition.mutate({ id: sandbox.id, to: "stopping" });
    const stopped = await client.sandboxes.transition.mutate({ id: sandbox.id, to: "stopped" });
    expect(stopped).toMatchObject({ status: "stopped", error: null });
    expect(stopped.stoppedAt).toMatch(isoTimestamp);

    const broken = await client.sandboxes.create.mutate({ sourceType: "empty" });
    const failed = await client.sandboxes.transition.mutate({
      id: broken.id,
      to: "failed",
      error: "image pull failed",
    });
    expect(failed).toMatchObject({ status: "failed", error: "image pull failed", startedAt: null });
  });

  it("allows every transition of the lifecycle", async () => {
    const { client } = await server.workspace();
    for (const from of statuses) {
      for (const to of allowed[from]) {
        const sandbox = await sandboxIn(client, from);
        const moved = await client.sandboxes.transition.mutate({ id: sandbox.id, to });
        expect(moved.status, `${from} → ${to}`).toBe(to);
      }
    }
  });

  it("refuses every other transition, naming from and to", async () => {
    const { client } = await server.workspace();
    let refused = 0;
    for (const from of statuses) {
      const sandbox = await sandboxIn(client, from);
      for (const to of statuses.filter((status) => !allowed[from].includes(status))) {
        await expectInvalidState(
          client.sandboxes.transition.mutate({ id: sandbox.id, to }),
          `from ${from} to ${to}`,
        );
        refused++;
      }
      expect((await client.sandboxes.get.query({ id: sandbox.id })).status).toBe(from);
    }
    expect(refused).toBe(49 - 11);
  });

  it("lets exactly one of two concurrent identical transitions apply", async () => {
    const { client } = await server.workspace();
    const sandbox = await client.sandboxes.create.mutate({ sourceType: "empty" });
    const outcomes = await Promise.allSettled([
      client.sandboxes.transition.mutate({ id: sandbox.id, to: "aborted" }),
      client.sandboxes.transition.mutate({ id: sandbox.id, to: "aborted" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("takes snapshots only of a running or snapshotting sandbox", async () => {
    const { client } = await server.workspace();
    const pending = await sandboxIn(client, "pending");
    await expectInvalidState(
      client.sandboxes.createSnapshot.mutate({ sandboxId: pending.id }),
      "is pending",
    );
    const live = await sandboxIn(client, "running");
    const first = await client.sandboxes.createSnapshot.mutate({
      sandboxId: live.id,
      storageRef: "s3://snaps/1",
      sizeBytes: 1024,
    });
    expect(first).toMatchObject({ status: "created", storageRef: "s3://snaps/1", sizeBytes: 1024 });
    await client.sandboxes.transition.mutate({ id: live.id, to: "snapshotting" });
    const second = await client.sandboxes.createSnapshot.mutate({ sandboxId: live.id });
    for (const to of ["running", "stopping", "stopped"] as const) {
      await client.sandboxes.transition.mutate({ id: live.id, to });
    }
    await expectInvalidState(
      client.sandboxes.createSnapshot.mutate({ sandboxId: live.id }),
      "is stopped",
    );
    const listed = await client.sandboxes.listSnapshots.query({ sandboxId: live.id });
    expect(listed.items.map((s) => s.id).sort()).toEqual([second.id, first.id].sort());
  });

  it("deletes or fails a created snapshot once; deleted and failed are final", async () => {
    const { client } = await server.workspace();
    const live = await sandboxIn(client, "running");
    const kept = await client.sandboxes.createSnapshot.mutate({ sandboxId: live.id });
    const lost = await client.sandboxes.createSnapshot.mutate({ sandboxId: live.id });

    const deleted = await client.sandboxes.deleteSnapshot.mutate({ snapshotId: kept.id });
    expect(deleted.status).toBe("deleted");
    expect(deleted.deletedAt).toMatch(isoTimestamp);
    const failed = await client.sandboxes.markSnapshotFailed.mutate({
      snapshotId: lost.id,
      error: "disk full",
    });
    expect(failed).toMatchObject({ status: "failed", error: "disk full", deletedAt: null });

    const again = { snapshotId: kept.id };
    await expectInvalidState(
      client.sandboxes.deleteSnapshot.mutate(again),
      "from deleted to deleted",
    );
    await expectInvalidState(
      client.sandboxes.markSnapshotFailed.mutate({ ...again, error: "x" }),
      "from deleted to failed",
    );
    await expectInvalidState(
      client.sandboxes.deleteSnapshot.mutate({ snapshotId: lost.id }),
      "from failed to deleted",
    );
    const onlyFailed = await client.sandboxes.listSnapshots.query({
      sandboxId: live.id,
      status: "failed",
    });
    expect(onlyFailed.items.map((s) => s.id)).toEqual([lost.id]);
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    const someId = randomUUID();
    await expectFieldErrors(untyped.sandboxes.create.mutate({}), ["sourceType"]);
    await expectFieldErrors(untyped.sandboxes.create.mutate({ sourceType: "docker" }), [
      "sourceType",
    ]);
    await expectFieldErrors(
      client.sandboxes.create.mutate({ sourceType: "git", sourceRef: "x".repeat(1001) }),
      ["sourceRef"],
    );
    await expectFieldErrors(
      untyped.sandboxes.create.mutate({ sourceType: "empty", metadata: [] }),
      ["metadata"],
    );
    await expectFieldErrors(untyped.sandboxes.get.query({ id: "x" }), ["id"]);
    await expectFieldErrors(untyped.sandboxes.list.query({ status: "paused" }), ["status"]);
    await expectFieldErrors(untyped.sandboxes.transition.mutate({ id: someId, to: "paused" }), [
      "to",
    ]);
    await expectFieldErrors(
      client.sandboxes.transition.mutate({ id: someId, to: "running", error: "why" }),
      ["error"],
    );
    await expectFieldErrors(
      untyped.sandboxes.createSnapshot.mutate({ sandboxId: someId, sizeBytes: -1 }),
      ["sizeBytes"],
    );
    await expectFieldErrors(untyped.sandboxes.deleteSnapshot.mutate({}), ["snapshotId"]);
    await expectFieldErrors(
      untyped.sandboxes.markSnapshotFailed.mutate({ snapshotId: someId, error: "" }),
      ["error"],
    );
    await expectFieldErrors(
      untyped.sandboxes.listSnapshots.query({ sandboxId: someId, status: "gone" }),
      ["status"],
    );
  });

  it("answers NOT_FOUND for ids that do not exist", async () => {
    const { client } = await server.workspace();
    const missing = randomUUID();
    await expectTRPCError(client.sandboxes.get.query({ id: missing }), "NOT_FOUND");
    await expectTRPCError(
      client.sandboxes.transition.mutate({ id: missing, to: "running" }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      client.sandboxes.createSnapshot.mutate({ sandboxId: missing }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      client.sandboxes.deleteSnapshot.mutate({ snapshotId: missing }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      client.sandboxes.markSnapshotFailed.mutate({ snapshotId: missing, error: "x" }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      client.sandboxes.listSnapshots.query({ sandboxId: missing }),
      "NOT_FOUND",
    );
  });
});
