import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { traits } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };

export type NewTrait = Omit<typeof traits.$inferInsert, "id" | "createdAt" | "updatedAt">;

export async function createTrait(db: Database, input: NewTrait) {
  const [trait] = await db.insert(traits).values(input).returning();
  return trait;
}

export async function getTrait(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [trait] = await db
    .select()
    .from(traits)
    .where(and(eq(traits.workspaceId, workspaceId), eq(traits.id, id)));
  return trait;
}

export async function updateTrait(
  db: Database,
  {
    workspaceId,
    id,
    changes,
  }: Scope & { id: string; changes: Partial<Omit<NewTrait, "workspaceId">> },
) {
  const [trait] = await db
    .update(traits)
    .set(changes)
    .where(and(eq(traits.workspaceId, workspaceId), eq(traits.id, id)))
    .returning();
  return trait;
}

/** Deleting a trait removes its assignments too (seed 000). */
export async function deleteTrait(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [trait] = await db
    .delete(traits)
    .where(and(eq(traits.workspaceId, workspaceId), eq(traits.id, id)))
    .returning();
  return trait;
}

export function listTraits(db: Database, { workspaceId, page }: Scope & { page: PageParams }) {
  const keyset = newestFirst(traits.createdAt, traits.id, page.after);
  return db
    .select()
    .from(traits)
    .where(and(eq(traits.workspaceId, workspaceId), keyset.where))
    .orderBy(...keyset.orderBy, asc(traits.name))
    .limit(page.limit + 1);
}
