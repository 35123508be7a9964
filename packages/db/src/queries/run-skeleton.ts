import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { agentInvocations, featureRuns, phaseResults } from "../schema";
import {
  invocationSkeletonColumns,
  phaseSkeletonColumns,
  type RowOf,
  runSkeletonColumns,
} from "./run-view/columns";
import { readStepPage, type StepCursor, type StepPage } from "./run-view/step-page";

export * from "./run-view/columns";
export * from "./run-view/details";
export * from "./run-view/step-page";
export * from "./run-view/trace";

export type RunSkeleton = RowOf<typeof runSkeletonColumns>;
export type PhaseSkeleton = RowOf<typeof phaseSkeletonColumns>;
export type InvocationSkeleton = RowOf<typeof invocationSkeletonColumns>;

/**
 * A run for a timeline that opens at any size, as flat lists a client nests by their parent
 * ids: invocations under their phase attempt (`phaseResultId`) and parent
 * (`parentInvocationId`), steps under their invocation (`invocationId`), tool calls under their
 * step (`stepId`). Steps come a page at a time with their tool calls; the first page (no
 * `after`) also carries the phases and invocations, which later pages answer as null.
 */
export type RunSkeletonPage = StepPage & {
  run: RunSkeleton;
  /** Phase attempts in pipeline order, then by attempt. */
  phases: PhaseSkeleton[] | null;
  /** Every invocation of the run, in start order. */
  invocations: InvocationSkeleton[] | null;
};

/**
 * Reads one page of a run's skeleton in one read-only snapshot, so telemetry arriving meanwhile
 * cannot leave a step without its invocation on the first page. Undefined when the workspace
 * has no such run.
 */
export function getRunSkeleton(
  db: Database,
  {
    workspaceId,
    runId,
    after,
    limit,
  }: {
    workspaceId: string;
    runId: string;
    after?: StepCursor | undefined;
    limit: number;
  },
): Promise<RunSkeletonPage | undefined> {
  return db.transaction(
    async (tx) => {
      const [run] = await tx
        .select(runSkeletonColumns)
        .from(featureRuns)
        .where(and(eq(featureRuns.workspaceId, workspaceId), eq(featureRuns.id, runId)));
      if (!run) return undefined;
      const ofRun = eq(agentInvocations.runId, runId);
      const first = after === undefined;
      const phases = first
        ? await tx
            .select(phaseSkeletonColumns)
            .from(phaseResults)
            .where(and(eq(phaseResults.workspaceId, workspaceId), eq(phaseResults.runId, runId)))
            .orderBy(asc(phaseResults.phase), asc(phaseResults.attempt))
        : null;
      const invocations = first
        ? await tx
            .select(invocationSkeletonColumns)
            .from(agentInvocations)
            .where(and(eq(agentInvocations.workspaceId, workspaceId), ofRun))
            .orderBy(asc(agentInvocations.startedAt), asc(agentInvocations.id))
        : null;
      const page = await readStepPage(tx, { workspaceId, owners: ofRun, after, limit });
      return { run, phases, invocations, ...page };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
