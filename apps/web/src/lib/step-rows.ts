/** What the step list needs of the skeleton's rows. */
type Step = { id: string; invocationId: string; stepNumber: number };
type ToolCall = { stepId: string; startedAt?: string | null };
type Invocation = { id: string };

type SkeletonPage<I, S, C> = { invocations: I[] | null; steps: S[]; toolCalls: C[] };

/**
 * The pages of a run's or a trace's skeleton as one set of rows. Only the first page carries
 * the invocations; a step seen on two pages (a refetch while paging) is kept once.
 */
export function mergeSkeletonPages<I, S extends Step, C extends ToolCall>(
  pages: readonly SkeletonPage<I, S, C>[],
): { invocations: I[]; steps: S[]; toolCalls: C[] } {
  const invocations = pages[0]?.invocations ?? [];
  const seen = new Set<string>();
  const steps: S[] = [];
  const toolCalls: C[] = [];
  for (const page of pages) {
    const fresh = new Set<string>();
    for (const step of page.steps) {
      if (seen.has(step.id)) continue;
      seen.add(step.id);
      fresh.add(step.id);
      steps.push(step);
    }
    for (const call of page.toolCalls) if (fresh.has(call.stepId)) toolCalls.push(call);
  }
  return { invocations, steps, toolCalls };
}

export type StepListRow<I, S, C> =
  | {
      kind: "invocation";
      invocationId: string;
      /** Null for steps of an invocation the first page did not know (recorded since). */
      invocation: I | null;
      depth: number;
      loadedSteps: number;
    }
  | { kind: "step"; step: S; toolCalls: C[]; depth: number };

/** Tool calls by start; ones without a start keep their place after those with one. */
function byStart(a: ToolCall, b: ToolCall): number {
  if (!a.startedAt || !b.startedAt) return (a.startedAt ? 0 : 1) - (b.startedAt ? 0 : 1);
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

/**
 * The flat rows a virtualized list shows: each invocation in timeline order, followed by its
 * steps by number and each step's tool calls by start (calls recorded in one batch share their
 * insertion time, so the answer's order alone is not the order they ran in).
 */
export function buildStepRows<I extends Invocation, S extends Step, C extends ToolCall>(
  ordered: readonly { item: I; depth: number }[],
  steps: readonly S[],
  toolCalls: readonly C[],
): StepListRow<I, S, C>[] {
  const callsByStep = new Map<string, C[]>();
  for (const call of toolCalls) {
    const calls = callsByStep.get(call.stepId);
    if (calls) calls.push(call);
    else callsByStep.set(call.stepId, [call]);
  }
  for (const calls of callsByStep.values()) calls.sort(byStart);
  const stepsByInvocation = new Map<string, S[]>();
  for (const step of steps) {
    const own = stepsByInvocation.get(step.invocationId);
    if (own) own.push(step);
    else stepsByInvocation.set(step.invocationId, [step]);
  }

  const rows: StepListRow<I, S, C>[] = [];
  const addGroup = (invocationId: string, invocation: I | null, depth: number) => {
    const own = (stepsByInvocation.get(invocationId) ?? []).sort(
      (a, b) => a.stepNumber - b.stepNumber,
    );
    rows.push({ kind: "invocation", invocationId, invocation, depth, loadedSteps: own.length });
    for (const step of own) {
      rows.push({ kind: "step", step, toolCalls: callsByStep.get(step.id) ?? [], depth });
    }
    stepsByInvocation.delete(invocationId);
  };
  for (const { item, depth } of ordered) addGroup(item.id, item, depth);
  for (const invocationId of [...stepsByInvocation.keys()]) addGroup(invocationId, null, 0);
  return rows;
}
