import {
  agentInvocations,
  agentSteps,
  ctaEvents,
  type Database,
  featureRuns,
  ingestDeadLetters,
  ingestInbox,
  memoryRecords,
  metrics,
  toolCalls,
} from "@steward/db";
import { asc, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { TenantTable } from "../apply/records";

/** Everything telemetry wrote for a workspace, without the workspace id or write times. */
export async function telemetrySnapshot(db: Database, workspaceId: string) {
  const inWorkspace = (table: TenantTable): Promise<Record<string, unknown>[]> =>
    db
      .select()
      .from(table as PgTable)
      .where(eq(table.workspaceId, workspaceId))
      .orderBy(asc(table.id));
  const invocations = await inWorkspace(agentInvocations);
  const steps = await inWorkspace(agentSteps);
  const calls = await inWorkspace(toolCalls);
  const runs = await inWorkspace(featureRuns);
  const memory = await inWorkspace(memoryRecords);
  const cta = await inWorkspace(ctaEvents);
  const measured = await inWorkspace(metrics);
  const dead = await db
    .select()
    .from(ingestDeadLetters)
    .where(eq(ingestDeadLetters.workspaceId, workspaceId));
  const inbox = await db.select().from(ingestInbox).where(eq(ingestInbox.workspaceId, workspaceId));
  const strip = <T extends object>(rows: T[]) =>
    rows.map((row) => {
      const {
        workspaceId: _w,
        createdAt: _c,
        updatedAt: _u,
        recordedAt: _r,
        ...rest
      } = row as Record<string, unknown>;
      return rest;
    });
  return {
    invocations: strip(invocations),
    steps: strip(steps),
    toolCalls: strip(calls),
    runs: strip(runs).map(({ startedAt: _s, ...rest }) => rest),
    memory: strip(memory),
    cta: strip(cta),
    metrics: strip(measured),
    deadLetters: dead.length,
    inbox: inbox.length,
  };
}
