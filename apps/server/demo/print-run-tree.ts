import type { StewardClient } from "@steward/client";

/** The run tree as the API answers it (timestamps as ISO strings). */
type RunTree = Awaited<ReturnType<StewardClient["runs"]["tree"]["query"]>>;
type InvocationNode = RunTree["unattachedInvocations"][number];

const tokens = (n: number) => n.toLocaleString("en-US");

/** The run as the API returned it, as an indented timeline. */
export function formatRunTree(tree: RunTree): string[] {
  const { run } = tree;
  const lines = [
    `run "${run.title}" — phase ${run.currentPhase}, ${run.stepCount} steps, ${tokens(run.totalTokens)} tokens (${tokens(run.inputTokens)} in, ${tokens(run.outputTokens)} out)`,
  ];
  for (const phase of tree.phases) {
    lines.push(`  ${phase.phase} (attempt ${phase.attempt}): ${phase.status}`);
    for (const invocation of phase.invocations) lines.push(...formatInvocation(invocation, "    "));
  }
  for (const invocation of tree.unattachedInvocations)
    lines.push(...formatInvocation(invocation, "  "));
  return lines;
}

function formatInvocation(invocation: InvocationNode, indent: string): string[] {
  const lines = [
    `${indent}${invocation.agentType} ${invocation.status} — ${invocation.stepCount} steps, ${tokens(invocation.totalTokens)} tokens`,
  ];
  for (const step of invocation.steps) {
    const calls = step.toolCalls.map(
      (call) => `${call.toolName} → ${call.outputType} (${call.status})`,
    );
    lines.push(
      `${indent}  step ${step.stepNumber}: ${step.finishReason}${calls.length ? `; ${calls.join(", ")}` : ""}`,
    );
  }
  for (const child of invocation.children) lines.push(...formatInvocation(child, `${indent}  `));
  return lines;
}
