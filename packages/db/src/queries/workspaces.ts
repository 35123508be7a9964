import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { workspaces } from "../schema";

export async function createWorkspace(db: Database, input: { name: string; slug?: string }) {
  const slug = input.slug ?? `${slugify(input.name)}-${randomBytes(3).toString("hex")}`;
  const [workspace] = await db.insert(workspaces).values({ name: input.name, slug }).returning();
  if (!workspace) throw new Error("createWorkspace: no row returned");
  return workspace;
}

export function listWorkspaces(db: Database) {
  return db.select().from(workspaces).orderBy(asc(workspaces.createdAt));
}

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return slug.slice(0, 40) || "workspace";
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A workspace by its id or its slug, as an operator types it. */
export async function findWorkspace(db: Database, idOrSlug: string) {
  const [workspace] = await db
    .select()
    .from(workspaces)
    .where(
      uuidPattern.test(idOrSlug) ? eq(workspaces.id, idOrSlug) : eq(workspaces.slug, idOrSlug),
    );
  return workspace;
}
