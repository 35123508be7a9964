import { describe, expect, it } from "vitest";
import { workspaces } from "./schema";
import { useTestDatabase } from "./testing";

describe("write health", () => {
  const database = useTestDatabase();

  it("turns unwritable on a real 'cannot write' error, and back on the next write that succeeds", async () => {
    const client = database.current;
    expect(await client.checkWrites()).toEqual({ writable: true });

    // A read-only transaction refuses a write with 25006, as a standby or read-only server does.
    await expect(
      client.db.transaction(
        (tx) => tx.insert(workspaces).values({ name: "refused", slug: "refused" }),
        { accessMode: "read only" },
      ),
    ).rejects.toThrow();
    expect(await client.checkWrites()).toMatchObject({
      writable: false,
      code: "25006",
      reason: expect.stringMatching(/read-only transaction/),
    });

    // A read proves nothing about writes, nor does a statement refused for another reason.
    await client.db.select().from(workspaces);
    expect((await client.checkWrites()).writable).toBe(false);
    await client.db.insert(workspaces).values({ name: "first", slug: "taken" });
    const before = await client.checkWrites();
    expect(before.writable).toBe(true);
    await client.db
      .transaction((tx) => tx.insert(workspaces).values({ name: "refused", slug: "refused" }), {
        accessMode: "read only",
      })
      .catch(() => {});
    await expect(
      client.db.insert(workspaces).values({ name: "again", slug: "taken" }),
    ).rejects.toThrow();
    expect((await client.checkWrites()).writable).toBe(false);

    await client.db.insert(workspaces).values({ name: "accepted", slug: "accepted" });
    expect(await client.checkWrites()).toEqual({ writable: true });
  });
});
