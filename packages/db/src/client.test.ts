import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { workspaces } from "./schema";
import { createTestDatabase, useTestDatabase } from "./testing";

describe("database client (seed 004's DatabaseClient)", () => {
  const database = useTestDatabase();

  it("lists its tables and answers ping", async () => {
    expect(await database.current.tables()).toContain("agent_invocations");
    expect(await database.current.ping()).toBe(true);
  });

  it("commits a transaction's work together, and undoes all of it when the work throws", async () => {
    const client = database.current;
    await expect(
      client.transaction(async (tx) => {
        await tx.insert(workspaces).values({ name: "lost", slug: "lost-1" });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await client.transaction(async (tx) => {
      await tx.insert(workspaces).values({ name: "kept", slug: "kept-1" });
      await tx.insert(workspaces).values({ name: "kept", slug: "kept-2" });
    });
    const rows = await client.db.select({ slug: workspaces.slug }).from(workspaces);
    const slugs = rows.map((row) => row.slug);
    expect(slugs).toEqual(expect.arrayContaining(["kept-1", "kept-2"]));
    expect(slugs).not.toContain("lost-1");
  });

  it("answers ping false once closed", async () => {
    const own = await createTestDatabase();
    expect(await own.ping()).toBe(true);
    await own.db.execute(sql`select 1`);
    await own.close();
    expect(await own.ping()).toBe(false);
  });
});
