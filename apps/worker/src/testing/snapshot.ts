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

/** Everything telemetry wrote for a workspace, without the workspace id or write times. */
export async function telemetrySnapshot(db: Database, workspaceId: string) {
  const invocations = await db
    .select()
    .from(agentInvocations)
    .where(eq(agentInvocations.workspaceId, workspaceId))
    .orderBy(asc(agentInvocations.id));
  const steps = await db
    .select()
    .from(agentSteps)
    .where(eq(agentSteps.workspaceId, workspaceId))
    .orderBy(asc(agentSteps.id));
  const calls = await db
    .select()
    .from(toolCalls)
    .where(eq(toolCalls.workspaceId, workspaceId))
    .orderBy(asc(toolCalls.id));
  const runs = await db
    .select()
    .from(featureRuns)
    .where(eq(featureRuns.workspaceId, workspaceId))
    .orderBy(asc(featureRuns.id));
  const memory = await db
    .select()
    .from(memoryRecords)
    .where(eq(memoryRecords.workspaceId, workspaceId))
    .orderBy(asc(memoryRecords.id));
  const cta = await db
    .select()
    .from(ctaEvents)
    .where(eq(ctaEvents.workspaceId, workspaceId))
    .orderBy(asc(ctaEvents.id));
  const measured = await db
    .select()
    .from(metrics)
    .where(eq(metrics.workspaceId, workspaceId))
    .orderBy(asc(metrics.id));
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
