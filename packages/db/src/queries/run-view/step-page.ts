import { and, asc, eq, gt, gte, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../database";
import { rowsOf } from "../../rows";
import { agentInvocations, agentSteps, toolCalls } from "../../schema";
import {
  type AnsweredRow,
  driverReady,
  stepSkeletonColumns,
  toolCallSkeletonColumns,
} from "./columns";

/** Where a page of steps ended: steps are read by invocation id, then step number. */
export type StepCursor = { invocationId: string; stepNumber: number };

export const maxStepPageSize = 2000;
/** Enough steps to fill a timeline's first screens, small enough to answer in tens of ms. */
export const defaultStepPageSize = 500;

/** A step's usage and timing; its timestamps are ISO text. */
export type StepSkeleton = AnsweredRow<typeof stepSkeletonColumns>;
/** A tool call of a step; its timestamps are ISO text. */
export type ToolCallSkeleton = AnsweredRow<typeof toolCallSkeletonColumns>;

/** Steps in key order, and the tool calls of those steps in the order they were made. */
export type StepPage = {
  steps: StepSkeleton[];
  toolCalls: ToolCallSkeleton[];
  nextCursor: StepCursor | null;
};

const stepFields = driverReady(stepSkeletonColumns);
const toolCallFields = driverReady(toolCallSkeletonColumns);

/**
 * One page of the steps of the invocations `owners` selects, with their tool calls: a step's
 * tool calls always travel on its page. The keys (invocation id, step number) never change, so
 * paging returns every step that exists throughout exactly once. The owners are walked in id
 * order and each one's steps read along the `(workspace, invocation, step number)` key, so a
 * page reads about `limit` steps however large the run or the workspace.
 */
export async function readStepPage(
  db: Database,
  {
    workspaceId,
    owners,
    after,
    limit,
  }: { workspaceId: string; owners: SQL; after: StepCursor | undefined; limit: number },
): Promise<StepPage> {
  const owner = db
    .select({ id: sql<string>`${agentInvocations.id}`.as("owner_id") })
    .from(agentInvocations)
    .where(
      and(
        eq(agentInvocations.workspaceId, workspaceId),
        owners,
        after ? gte(agentInvocations.id, after.invocationId) : undefined,
      ),
    )
    .orderBy(asc(agentInvocations.id))
    .as("owner");
  // Bounds the cursor's own invocation in the index condition, not in a filter over its steps.
  const firstNumber = after
    ? sql`case when ${owner.id} = ${after.invocationId}::uuid then ${after.stepNumber}::integer else -1 end`
    : sql`-1`;
  const ownSteps = db
    .select(stepFields)
    .from(agentSteps)
    .where(
      and(
        eq(agentSteps.workspaceId, workspaceId),
        eq(agentSteps.invocationId, owner.id),
        gt(agentSteps.stepNumber, firstNumber),
      ),
    )
    .orderBy(asc(agentSteps.stepNumber))
    .limit(limit + 1)
    .as("step");
  type StepKey = keyof typeof stepFields;
  const pageFields = Object.fromEntries(
    Object.keys(stepFields).map((key) => [key, ownSteps[key as StepKey]]),
  ) as { [K in StepKey]: (typeof ownSteps)[K] };
  const inKeyOrder = [asc(owner.id), asc(ownSteps.stepNumber)];
  const rows = rowsOf<StepSkeleton>(
    await db.execute(
      db
        .select(pageFields)
        .from(owner)
        .crossJoinLateral(ownSteps)
        .orderBy(...inKeyOrder)
        .limit(limit + 1),
    ),
  );

  const steps = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = steps.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? { invocationId: last.invocationId, stepNumber: last.stepNumber }
      : null;
  if (steps.length === 0) return { steps, toolCalls: [], nextCursor };
  // The page's steps found again by the same key walk: a thousand step ids sent back as
  // parameters would cost more to bind than the walk costs to repeat.
  const pageStepIds = db
    .select({ id: ownSteps.id })
    .from(owner)
    .crossJoinLateral(ownSteps)
    .orderBy(...inKeyOrder)
    .limit(steps.length);
  const calls = await db.execute(
    db
      .select(toolCallFields)
      .from(toolCalls)
      .where(and(eq(toolCalls.workspaceId, workspaceId), inArray(toolCalls.stepId, pageStepIds)))
      .orderBy(asc(toolCalls.createdAt), asc(toolCalls.id)),
  );
  return { steps, toolCalls: rowsOf<ToolCallSkeleton>(calls), nextCursor };
}
