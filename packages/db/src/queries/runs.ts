import { and, asc, eq, gte, ilike, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type FeaturePhase, featureRuns, phaseResults, runIsActive } from "../schema";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

type Scope = { workspaceId: string };

/** Seed 001's pipeline: a run moves through these in order; `failed` is reachable from any. */
export const runPhaseOrder = [
  "analysis",
  "approaches",
  "judging",
  "implementation",
  "pr",
  "completed",
] as const satisfies readonly FeaturePhase[];

export const finalRunPhases: readonly FeaturePhase[] = ["completed", "failed"];

/** The phase after `phase`, or undefined when `phase` is final. */
export function nextRunPhase(phase: FeaturePhase): FeaturePhase | undefined {
  const index = runPhaseOrder.indexOf(phase as (typeof runPhaseOrder)[number]);
  return index < 0 ? undefined : runPhaseOrder[index + 1];
}

export type FeatureRun = typeof featureRuns.$inferSelect;
export type PhaseResult = typeof phaseResults.$inferSelect;

export type NewRun = Scope & {
  title: string;
  request?: string | null | undefined;
  projectId?: string | null | undefined;
  featureId?: string | null | undefined;
  sandboxId?: string | null | undefined;
  input?: unknown;
};

/** A run starts in analysis with its first attempt already running. */
export async function createRun(db: Database, input: NewRun) {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(featureRuns)
      .values({ ...input, currentPhase: "analysis" })
      .returning();
    if (!run) return undefined;
    await tx.insert(phaseResults).values({
      workspaceId: run.workspaceId,
      runId: run.id,
      phase: "analysis",
      attempt: 1,
      status: "running",
    });
    return run;
  });
}

export async function getRun(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [run] = await db
    .select()
    .from(featureRuns)
    .where(and(eq(featureRuns.workspaceId, workspaceId), eq(featureRuns.id, id)));
  return run;
}

/** Where a run stands: still moving through the pipeline, or in one of the final phases. */
export const runStatusValues = ["running", "completed", "failed"] as const;
export type RunStatus = (typeof runStatusValues)[number];

export type RunFilters = {
  currentPhase?: FeaturePhase | undefined;
  status?: RunStatus | undefined;
  projectId?: string | undefined;
  /** On `created_at`, the list's order: read along the same index. */
  created?: TimeRange | undefined;
  started?: TimeRange | undefined;
  /** Runs whose title contains this, in any case. */
  titleContains?: string | undefined;
};

/** What a list row shows: no request text, input or result, which `runs.get` answers. */
export const runListColumns = {
  id: featureRuns.id,
  workspaceId: featureRuns.workspaceId,
  projectId: featureRuns.projectId,
  featureId: featureRuns.featureId,
  sandboxId: featureRuns.sandboxId,
  title: featureRuns.title,
  currentPhase: featureRuns.currentPhase,
  branchName: featureRuns.branchName,
  pullRequestUrl: featureRuns.pullRequestUrl,
  inputTokens: featureRuns.inputTokens,
  outputTokens: featureRuns.outputTokens,
  totalTokens: featureRuns.totalTokens,
  reasoningTokens: featureRuns.reasoningTokens,
  cacheReadTokens: featureRuns.cacheReadTokens,
  cacheWriteTokens: featureRuns.cacheWriteTokens,
  stepCount: featureRuns.stepCount,
  costUsd: featureRuns.costUsd,
  unpricedStepCount: featureRuns.unpricedStepCount,
  startedAt: featureRuns.startedAt,
  finishedAt: featureRuns.finishedAt,
  createdAt: featureRuns.createdAt,
  updatedAt: featureRuns.updatedAt,
};

const statusCondition: Record<RunStatus, SQL> = {
  running: runIsActive(featureRuns.currentPhase),
  completed: eq(featureRuns.currentPhase, "completed"),
  failed: eq(featureRuns.currentPhase, "failed"),
};

/** `%` and `_` in the searched text match themselves, not any text. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Runs newest first. Each filter but the title has an index that reads in page order; the title
 * is matched on the rows the other conditions leave (a workspace holds few runs beside its
 * telemetry, so this stays a bounded walk of one index).
 */
export function listRuns(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: RunFilters; page: PageParams },
) {
  const keyset = newestFirst(featureRuns.createdAt, featureRuns.id, page.after, filters.created);
  const { started } = filters;
  const conditions: (SQL | undefined)[] = [
    eq(featureRuns.workspaceId, workspaceId),
    filters.currentPhase ? eq(featureRuns.currentPhase, filters.currentPhase) : undefined,
    filters.status ? statusCondition[filters.status] : undefined,
    filters.projectId ? eq(featureRuns.projectId, filters.projectId) : undefined,
    started?.from ? gte(featureRuns.startedAt, started.from) : undefined,
    started?.to ? lt(featureRuns.startedAt, started.to) : undefined,
    filters.titleContains
      ? ilike(featureRuns.title, likeContaining(filters.titleContains))
      : undefined,
    keyset.where,
  ];
  return db
    .select(runListColumns)
    .from(featureRuns)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Moves a run from `from` to the next phase: the attempt at `from` passes and the next phase's
 * attempt opens. The move is a conditional update on `current_phase`, so of two concurrent
 * advances from the same phase only one applies; the other gets undefined and changes nothing.
 */
export async function advanceRunPhase(
  db: Database,
  { workspaceId, id, from, output }: Scope & { id: string; from: FeaturePhase; output?: unknown },
) {
  const to = nextRunPhase(from);
  if (!to) return undefined;
  return db.transaction(async (tx) => {
    const [run] = await tx
      .update(featureRuns)
      .set({ currentPhase: to, finishedAt: to === "completed" ? sql`now()` : null })
      .where(runAt({ workspaceId, id, phase: from }))
      .returning();
    if (!run) return undefined;
    await tx
      .update(phaseResults)
      // Output recorded while the phase ran stays unless the advance brings the final one.
      .set({
        status: "passed",
        finishedAt: sql`now()`,
        ...(output === undefined ? {} : { output }),
      })
      .where(runningAttempt({ workspaceId, runId: id, phase: from }));
    if (to !== "completed") await openAttempt(tx, { workspaceId, runId: id, phase: to });
    return run;
  });
}

/** Fails a run in `from`, with the same conditional update as `advanceRunPhase`. */
export async function failRunPhase(
  db: Database,
  { workspaceId, id, from, error }: Scope & { id: string; from: FeaturePhase; error: string },
) {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .update(featureRuns)
      .set({ currentPhase: "failed", error, finishedAt: sql`now()` })
      .where(runAt({ workspaceId, id, phase: from }))
      .returning();
    if (!run) return undefined;
    await tx
      .update(phaseResults)
      .set({ status: "failed", error, finishedAt: sql`now()` })
      .where(runningAttempt({ workspaceId, runId: id, phase: from }));
    return run;
  });
}

function runAt({ workspaceId, id, phase }: Scope & { id: string; phase: FeaturePhase }) {
  return and(
    eq(featureRuns.workspaceId, workspaceId),
    eq(featureRuns.id, id),
    eq(featureRuns.currentPhase, phase),
  );
}

function runningAttempt({
  workspaceId,
  runId,
  phase,
}: Scope & { runId: string; phase: FeaturePhase }) {
  return and(
    eq(phaseResults.workspaceId, workspaceId),
    eq(phaseResults.runId, runId),
    eq(phaseResults.phase, phase),
    eq(phaseResults.status, "running"),
  );
}

async function openAttempt(
  db: Database,
  { workspaceId, runId, phase }: Scope & { runId: string; phase: FeaturePhase },
) {
  await db.insert(phaseResults).values({
    workspaceId,
    runId,
    phase,
    attempt: sql`(select coalesce(max(${phaseResults.attempt}), 0) + 1 from ${phaseResults}
      where ${phaseResults.workspaceId} = ${workspaceId} and ${phaseResults.runId} = ${runId}
      and ${phaseResults.phase} = ${phase})`,
    status: "running",
  });
}

/** A run's phase attempts in pipeline order (the enum's order), then by attempt. */
export function listPhaseResults(db: Database, { workspaceId, runId }: Scope & { runId: string }) {
  return db
    .select()
    .from(phaseResults)
    .where(and(eq(phaseResults.workspaceId, workspaceId), eq(phaseResults.runId, runId)))
    .orderBy(asc(phaseResults.phase), asc(phaseResults.attempt));
}

export async function getPhaseResult(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [result] = await db
    .select()
    .from(phaseResults)
    .where(and(eq(phaseResults.workspaceId, workspaceId), eq(phaseResults.id, id)));
  return result;
}

/** Records what a phase produced so far; only a running attempt takes output. */
export async function recordPhaseOutput(
  db: Database,
  { workspaceId, id, output }: Scope & { id: string; output: unknown },
) {
  const [result] = await db
    .update(phaseResults)
    .set({ output })
    .where(
      and(
        eq(phaseResults.workspaceId, workspaceId),
        eq(phaseResults.id, id),
        eq(phaseResults.status, "running"),
      ),
    )
    .returning();
  return result;
}
