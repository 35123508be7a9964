import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../database";
import { createTestWorkspace, useTestDatabase } from "../testing";
import { agents, agentTraits, traits } from "./index";

async function seedTwoAgentsTwoTraits(db: Database) {
  const { id: workspaceId } = await createTestWorkspace(db);
  const ws = { workspaceId };
  const [first, second] = await db
    .insert(agents)
    .values([
      { ...ws, name: "First", slug: "first", type: "coder", mode: "implementation" },
      { ...ws, name: "Second", slug: "second", type: "coder", mode: "implementation" },
    ])
    .returning();
  const [careful, fast] = await db
    .insert(traits)
    .values([
      { ...ws, name: "careful" },
      { ...ws, name: "fast" },
    ])
    .returning();
  if (!first || !second || !careful || !fast) throw new Error("seed failed");
  await db.insert(agentTraits).values([
    { ...ws, agentId: first.id, traitId: careful.id },
    { ...ws, agentId: first.id, traitId: fast.id },
    { ...ws, agentId: second.id, traitId: careful.id },
    { ...ws, agentId: second.id, traitId: fast.id },
  ]);
  return { workspaceId, first, second, careful, fast };
}

async function countIn(db: Database, workspaceId: string) {
  const [a] = await db
    .select({ n: count() })
    .from(agents)
    .where(eq(agents.workspaceId, workspaceId));
  const [t] = await db
    .select({ n: count() })
    .from(traits)
    .where(eq(traits.workspaceId, workspaceId));
  const [at] = await db
    .select({ n: count() })
    .from(agentTraits)
    .where(eq(agentTraits.workspaceId, workspaceId));
  return { agents: a?.n, traits: t?.n, agentTraits: at?.n };
}

describe("agent_traits (seed 000)", () => {
  const database = useTestDatabase();

  it("deleting an agent removes its trait assignments and nothing else", async () => {
    const db = database.current.db;
    const { workspaceId, first, second } = await seedTwoAgentsTwoTraits(db);
    await db
      .delete(agents)
      .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, first.id)));
    expect(await countIn(db, workspaceId)).toEqual({ agents: 1, traits: 2, agentTraits: 2 });
    const left = await db
      .select()
      .from(agentTraits)
      .where(eq(agentTraits.workspaceId, workspaceId));
    expect(left.every((row) => row.agentId === second.id)).toBe(true);
  });

  it("deleting a trait removes its assignments and nothing else", async () => {
    const db = database.current.db;
    const { workspaceId, careful, fast } = await seedTwoAgentsTwoTraits(db);
    await db
      .delete(traits)
      .where(and(eq(traits.workspaceId, workspaceId), eq(traits.id, careful.id)));
    expect(await countIn(db, workspaceId)).toEqual({ agents: 2, traits: 1, agentTraits: 2 });
    const left = await db
      .select()
      .from(agentTraits)
      .where(eq(agentTraits.workspaceId, workspaceId));
    expect(left.every((row) => row.traitId === fast.id)).toBe(true);
  });

  it("loads an agent's traits through the relation, with assigned_at set", async () => {
    const db = database.current.db;
    const { workspaceId, first } = await seedTwoAgentsTwoTraits(db);
    const found = await db.query.agents.findFirst({
      where: and(eq(agents.workspaceId, workspaceId), eq(agents.id, first.id)),
      with: { traits: { with: { trait: true } } },
    });
    expect(found?.traits.map((row) => row.trait.name).sort()).toEqual(["careful", "fast"]);
    expect(found?.traits.every((row) => row.assignedAt instanceof Date)).toBe(true);
  });
});
