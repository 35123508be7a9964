import { createApiKey, createWorkspace, type Database, listWorkspaces } from "@steward/db";

/**
 * On the first start of an empty database, a default workspace and an admin key, so a newcomer
 * can make a call at once. Answers the new key, or null when workspaces already exist.
 */
export async function createDefaultWorkspaceIfEmpty(db: Database) {
  if ((await listWorkspaces(db)).length > 0) return null;
  const workspace = await createWorkspace(db, { name: "Default workspace", slug: "default" });
  const { plainKey } = await createApiKey(db, {
    workspaceId: workspace.id,
    name: "first key",
    scopes: ["read", "write", "ingest", "admin"],
  });
  return { workspace, plainKey };
}
