import { inArray, sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";
import {
  agentInstances,
  agents,
  conversations,
  featureRuns,
  projects,
  tasks,
  users,
} from "../schema";

const referenceTables = {
  project: projects,
  run: featureRuns,
  agent: agents,
  agentInstance: agentInstances,
  task: tasks,
  user: users,
  conversation: conversations,
} as const;

export type ReferenceKind = keyof typeof referenceTables;

/** An id an input names, the kind of row it must be, and the input field it came from. */
export type Reference = { field: string; kind: ReferenceKind; id: string | null | undefined };

/**
 * The first reference, in the order given, whose row the workspace does not have; undefined
 * when all exist. One query for any number of references, so a batch of a few hundred
 * measurements costs the same as one. Another workspace's row counts as missing.
 */
export async function findMissingReference(
  db: Database,
  { workspaceId, references }: { workspaceId: string; references: Reference[] },
): Promise<Reference | undefined> {
  const named = references.filter((reference) => typeof reference.id === "string");
  if (named.length === 0) return undefined;

  const idsByKind = new Map<ReferenceKind, Set<string>>();
  for (const { kind, id } of named) {
    const ids = idsByKind.get(kind) ?? new Set<string>();
    ids.add((id as string).toLowerCase());
    idsByKind.set(kind, ids);
  }
  const lookups = [...idsByKind].map(([kind, ids]) => {
    const table = referenceTables[kind];
    return sql`select ${kind}::text as kind, ${table.id}::text as id from ${table}
      where ${table.workspaceId} = ${workspaceId} and ${inArray(table.id, [...ids])}`;
  });
  const rows = rowsOf<{ kind: string; id: string }>(
    await db.execute(sql.join(lookups, sql` union all `)),
  );
  const present = new Set(rows.map((row) => `${row.kind}:${row.id}`));
  return named.find(
    (reference) => !present.has(`${reference.kind}:${reference.id?.toLowerCase()}`),
  );
}
