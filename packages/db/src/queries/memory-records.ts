import { and, eq, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import { agentInvocations, type FeaturePhase, type MemoryKind, memoryRecords } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };

export type MemoryRecord = typeof memoryRecords.$inferSelect;
export type NewMemoryRecord = Omit<typeof memoryRecords.$inferInsert, "createdAt">;

/**
 * Idempotent on a client-chosen id: a retried write answers the record the first one made,
 * so telemetry can be resent without duplicating what a run learned.
 */
export async function createMemoryRecord(db: Database, input: NewMemoryRecord) {
  const [created] = await db.insert(memoryRecords).values(input).onConflictDoNothing().returning();
  if (created || !input.id) return created;
  return getMemoryRecord(db, { workspaceId: input.workspaceId, id: input.id });
}

export async function getMemoryRecord(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [record] = await db
    .select()
    .from(memoryRecords)
    .where(and(eq(memoryRecords.workspaceId, workspaceId), eq(memoryRecords.id, id)));
  return record;
}

export type MemoryRecordFilters = {
  phase?: FeaturePhase | undefined;
  kind?: MemoryKind | undefined;
};

export function listMemoryRecords(
  db: Database,
  {
    workspaceId,
    runId,
    filters,
    page,
  }: Scope & { runId: string; filters: MemoryRecordFilters; page: PageParams },
) {
  const keyset = newestFirst(memoryRecords.createdAt, memoryRecords.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(memoryRecords.workspaceId, workspaceId),
    eq(memoryRecords.runId, runId),
    filters.phase ? eq(memoryRecords.phase, filters.phase) : undefined,
    filters.kind ? eq(memoryRecords.kind, filters.kind) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(memoryRecords)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** Which run an invocation counts toward, for checks that a reference stays inside one run. */
export async function findInvocationRun(
  db: Database,
  { workspaceId, invocationId }: Scope & { invocationId: string },
) {
  const [invocation] = await db
    .select({ id: agentInvocations.id, runId: agentInvocations.runId })
    .from(agentInvocations)
    .where(
      and(eq(agentInvocations.workspaceId, workspaceId), eq(agentInvocations.id, invocationId)),
    );
  return invocation;
}
