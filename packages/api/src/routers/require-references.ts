import {
  type Database,
  findMissingReference,
  type Reference,
  type ReferenceKind,
} from "@steward/db";
import { notFound } from "../errors";

const labels: Record<ReferenceKind, string> = {
  project: "Project",
  run: "Run",
  agent: "Agent",
  agentInstance: "Agent instance",
  task: "Task",
  user: "User",
  conversation: "Conversation",
};

/**
 * Throws NOT_FOUND naming the input field of the first id the workspace has no row for,
 * the same answer whether the row is missing or another workspace's.
 */
export async function requireReferences(
  db: Database,
  workspaceId: string,
  references: Reference[],
): Promise<void> {
  const missing = await findMissingReference(db, { workspaceId, references });
  if (missing) throw notFound(labels[missing.kind], missing.field);
}
