import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "./rows";
import { workspaces } from "./schema";
import { useTestDatabase } from "./testing";

/** The transaction id that wrote the workspace row named `slug`. */
const writerOf = (slug: string) =>
  sql`(select xmin::text from agent.workspaces where slug = ${slug})`;

// A nested transaction is a savepoint. On postgres.js it was never released (patched, see
// patches/postgres@3.4.9.patch): every later statement then ran in a subtransaction, and a row
// locked before it and deleted after it took a multixact as its deleter, so index scans never
// marked its entries dead (the worker's claim walked past every event removed since the last
// vacuum). Both stores must leave the savepoint behind once it is done.
describe("a nested transaction (savepoint)", () => {
  const database = useTestDatabase();

  it("is released when its work succeeds: what follows is written by the transaction itself, not a subtransaction", async () => {
    const [row] = await database.current.transaction(async (tx) => {
      const [top] = rowsOf<{ xid: string }>(
        await tx.execute(sql`select (txid_current() % 4294967296)::text as xid`),
      );
      await tx.transaction((inner) =>
        inner.insert(workspaces).values({ name: "inside", slug: "inside-1" }),
      );
      await tx.insert(workspaces).values({ name: "after", slug: "after-1" });
      return rowsOf<{ top: string; inside: string; after: string }>(
        await tx.execute(
          sql`select ${top?.xid ?? ""} as top, ${writerOf("inside-1")} as inside, ${writerOf("after-1")} as after`,
        ),
      );
    });
    expect(row?.after).toBe(row?.top);
    // The savepoint's own write had a subtransaction of its own.
    expect(row?.inside).not.toBe(row?.top);
  });

  it("undoes only the work that threw, rethrows its error, and what follows is written by the transaction itself", async () => {
    const [row] = await database.current.transaction(async (tx) => {
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(workspaces).values({ name: "undone", slug: "undone-1" });
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      await tx.insert(workspaces).values({ name: "kept", slug: "kept-after-undo" });
      return rowsOf<{ top: string; kept: string }>(
        await tx.execute(
          sql`select (txid_current() % 4294967296)::text as top, ${writerOf("kept-after-undo")} as kept`,
        ),
      );
    });
    expect(row?.kept).toBe(row?.top);
    const slugs = (await database.current.db.select().from(workspaces)).map((w) => w.slug);
    expect(slugs).toContain("kept-after-undo");
    expect(slugs).not.toContain("undone-1");
  });
});
