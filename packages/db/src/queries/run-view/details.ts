import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../database";
import { agentInvocations, agentSteps, toolCalls } from "../../schema";
import {
  invocationDetailColumns,
  type RowOf,
  stepDetailColumns,
  toolCallDetailColumns,
} from "./columns";

export type RunViewDetailIds = {
  stepIds: readonly string[];
  toolCallIds: readonly string[];
  invocationIds: readonly string[];
};

export type RunViewDetails = {
  steps: RowOf<typeof stepDetailColumns>[];
  toolCalls: RowOf<typeof toolCallDetailColumns>[];
  invocations: RowOf<typeof invocationDetailColumns>[];
};

/**
 * The heavy fields the skeleton leaves out, for the ids a client opens. An id the workspace
 * does not have, its own or another's, is simply absent from the answer.
 */
export async function readRunViewDetails(
  db: Database,
  { workspaceId, stepIds, toolCallIds, invocationIds }: { workspaceId: string } & RunViewDetailIds,
): Promise<RunViewDetails> {
  const [steps, calls, invocations] = await Promise.all([
    stepIds.length === 0
      ? []
      : db
          .select(stepDetailColumns)
          .from(agentSteps)
          .where(
            and(eq(agentSteps.workspaceId, workspaceId), inArray(agentSteps.id, [...stepIds])),
          ),
    toolCallIds.length === 0
      ? []
      : db
          .select(toolCallDetailColumns)
          .from(toolCalls)
          .where(
            and(eq(toolCalls.workspaceId, workspaceId), inArray(toolCalls.id, [...toolCallIds])),
          ),
    invocationIds.length === 0
      ? []
      : db
          .select(invocationDetailColumns)
          .from(agentInvocations)
          .where(
            and(
              eq(agentInvocations.workspaceId, workspaceId),
              inArray(agentInvocations.id, [...invocationIds]),
            ),
          ),
  ]);
  return { steps, toolCalls: calls, invocations };
}
