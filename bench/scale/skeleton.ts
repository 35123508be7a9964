import { type Database, defaultStepPageSize, getRunSkeleton } from "@steward/db";
import type { Case } from "./cases";

/**
 * The skeleton of the large run (`runView.skeleton`'s query) at the page size it answers by
 * default: its first page of steps with the run's phases and invocations, and the page after it.
 */
export async function skeletonCases(
  db: Database,
  workspaceId: string,
  runId: string,
): Promise<Case[]> {
  const first = await getRunSkeleton(db, { workspaceId, runId, limit: defaultStepPageSize });
  if (!first) throw new Error(`bench/scale: the large run ${runId} has no skeleton`);
  const after = first.nextCursor ?? undefined;
  return [
    {
      name: "runView.skeleton, large run (first page)",
      kind: "skeleton",
      run: () => getRunSkeleton(db, { workspaceId, runId, limit: defaultStepPageSize }),
    },
    {
      name: "runView.skeleton, large run (next page)",
      kind: "skeleton",
      run: () => getRunSkeleton(db, { workspaceId, runId, after, limit: defaultStepPageSize }),
    },
  ];
}
