import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { agentInvocations, agentSteps, featureRuns, phaseResults, toolCalls } from "../schema";

type Scope = { workspaceId: string };

export type ToolCallNode = typeof toolCalls.$inferSelect;
export type StepNode = typeof agentSteps.$inferSelect & { toolCalls: ToolCallNode[] };
export type InvocationNode = typeof agentInvocations.$inferSelect & {
  steps: StepNode[];
  /** Invocations this one started, in start order, nested to any depth. */
  children: InvocationNode[];
};
export type PhaseNode = typeof phaseResults.$inferSelect & {
  /** The phase's root invocations; their descendants hang under them. */
  invocations: InvocationNode[];
};

/** A whole run for a timeline: the contract the UI and the benchmark read. */
export type RunTree = {
  run: typeof featureRuns.$inferSelect;
  /** Phase attempts in pipeline order, then by attempt. */
  phases: PhaseNode[];
  /** Root invocations of the run that belong to no phase attempt. */
  unattachedInvocations: InvocationNode[];
};

/**
 * Reads a run as one tree with one query per table, all in one read-only snapshot so telemetry
 * arriving meanwhile cannot leave a tool call without its step. An invocation belongs to the
 * run when its `run_id` says so.
 */
export async function getRunTree(
  db: Database,
  { workspaceId, runId }: Scope & { runId: string },
): Promise<RunTree | undefined> {
  return db.transaction(
    async (tx) => {
      const [run] = await tx
        .select()
        .from(featureRuns)
        .where(and(eq(featureRuns.workspaceId, workspaceId), eq(featureRuns.id, runId)));
      if (!run) return undefined;
      const ofRun = and(
        eq(agentInvocations.workspaceId, workspaceId),
        eq(agentInvocations.runId, runId),
      );
      const phases = await tx
        .select()
        .from(phaseResults)
        .where(and(eq(phaseResults.workspaceId, workspaceId), eq(phaseResults.runId, runId)))
        .orderBy(asc(phaseResults.phase), asc(phaseResults.attempt));
      const invocations = await tx
        .select()
        .from(agentInvocations)
        .where(ofRun)
        .orderBy(asc(agentInvocations.startedAt), asc(agentInvocations.id));
      const steps = await tx
        .select({ step: agentSteps })
        .from(agentSteps)
        .innerJoin(agentInvocations, invocationOf(agentSteps))
        .where(ofRun)
        .orderBy(asc(agentSteps.invocationId), asc(agentSteps.stepNumber));
      const calls = await tx
        .select({ call: toolCalls })
        .from(toolCalls)
        .innerJoin(agentInvocations, invocationOf(toolCalls))
        .where(ofRun)
        .orderBy(asc(toolCalls.createdAt), asc(toolCalls.id));
      return assembleRunTree({
        run,
        phases,
        invocations,
        steps: steps.map((row) => row.step),
        toolCalls: calls.map((row) => row.call),
      });
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

function invocationOf(table: typeof agentSteps | typeof toolCalls) {
  return and(
    eq(agentInvocations.workspaceId, table.workspaceId),
    eq(agentInvocations.id, table.invocationId),
  );
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Assembles sorted rows into the tree in linear time. An invocation whose parent is not in the
 * run is a root; a parent cycle (which the foreign keys cannot forbid) is cut where it is first
 * entered, so every invocation appears exactly once and the answer stays finite.
 */
function assembleRunTree(rows: {
  run: RunTree["run"];
  phases: (typeof phaseResults.$inferSelect)[];
  invocations: (typeof agentInvocations.$inferSelect)[];
  steps: (typeof agentSteps.$inferSelect)[];
  toolCalls: ToolCallNode[];
}): RunTree {
  const callsByStep = groupBy(rows.toolCalls, (call) => call.stepId);
  const stepsByInvocation = groupBy(
    rows.steps.map((step) => ({ ...step, toolCalls: callsByStep.get(step.id) ?? [] })),
    (step) => step.invocationId,
  );
  const nodes = new Map<string, InvocationNode>();
  for (const invocation of rows.invocations) {
    nodes.set(invocation.id, {
      ...invocation,
      steps: stepsByInvocation.get(invocation.id) ?? [],
      children: [],
    });
  }
  const childrenOf = groupBy(rows.invocations, (invocation) =>
    invocation.parentInvocationId && nodes.has(invocation.parentInvocationId)
      ? invocation.parentInvocationId
      : null,
  );

  const placed = new Set<string>();
  const nest = (root: InvocationNode) => {
    placed.add(root.id);
    const pending = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
      for (const child of childrenOf.get(node.id) ?? []) {
        if (placed.has(child.id)) continue;
        placed.add(child.id);
        const childNode = nodes.get(child.id) as InvocationNode;
        node.children.push(childNode);
        pending.push(childNode);
      }
    }
    return root;
  };

  const phases: PhaseNode[] = rows.phases.map((phase) => ({ ...phase, invocations: [] }));
  const phaseById = new Map(phases.map((phase) => [phase.id, phase]));
  const unattachedInvocations: InvocationNode[] = [];
  const placeRoot = (node: InvocationNode) => {
    const phase = node.phaseResultId ? phaseById.get(node.phaseResultId) : undefined;
    (phase ? phase.invocations : unattachedInvocations).push(nest(node));
  };
  const isRoot = (node: InvocationNode) =>
    !node.parentInvocationId || !nodes.has(node.parentInvocationId);
  for (const node of nodes.values()) if (isRoot(node)) placeRoot(node);
  for (const node of nodes.values()) if (!placed.has(node.id)) placeRoot(node);

  return { run: rows.run, phases, unattachedInvocations };
}
