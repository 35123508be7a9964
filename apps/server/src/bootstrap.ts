import {
  createApiKey,
  createUser,
  createWorkspace,
  type Database,
  listWorkspaces,
} from "@steward/db";

/**
 * On the first start of an empty database, a default workspace, its owner and an admin key that
 * acts for the owner, so a newcomer can make a call at once and what they answer (an approval,
 * say) is recorded as someone's. Answers the new key, or null when workspaces already exist.
 */
export function createDefaultWorkspaceIfEmpty(db: Database) {
  // One transaction: a start that dies half-way must not leave a workspace without its key.
  return db.transaction(async (tx) => {
    if ((await listWorkspaces(tx)).length > 0) return null;
    const workspace = await createWorkspace(tx, { name: "Default workspace", slug: "default" });
    const owner = await createUser(tx, {
      workspaceId: workspace.id,
      email: "owner@steward.local",
      name: "Workspace owner",
    });
    const { plainKey } = await createApiKey(tx, {
      workspaceId: workspace.id,
      name: "first key",
      scopes: ["read", "write", "ingest", "admin"],
      userId: owner?.id ?? null,
    });
    return { workspace, plainKey };
  });
}
