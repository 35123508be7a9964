import { randomUUID } from "node:crypto";
import {
  agentInvocations,
  agentSteps,
  type Database,
  featureRuns,
  phaseResults,
  toolCalls,
} from "@steward/db";

const phases = ["analysis", "approaches", "judging", "implementation", "pr"] as const;

/**
 * One run shaped like a real one: five phases, an orchestrator with explorers, coders and a
 * judge under it, `steps` model steps in all and `toolCallsPerStep` tool calls per step.
 */
export async function seedRun(
  db: Database,
  workspaceId: string,
  steps = 1000,
  toolCallsPerStep = 3,
) {
  const runId = randomUUID();
  const ws = { workspaceId };
  await db
    .insert(featureRuns)
    .values({ ...ws, id: runId, title: "Benchmark run", currentPhase: "pr" });
  const phaseIds = phases.map(() => randomUUID());
  await db.insert(phaseResults).values(
    phases.map((phase, index) => ({
      ...ws,
      id: phaseIds[index] ?? "",
      runId,
      phase,
      status: index < phases.length - 1 ? ("passed" as const) : ("running" as const),
    })),
  );
  // Per phase: one orchestrator and three children (explorer, coder, judge).
  const invocations = phaseIds.flatMap((phaseResultId) => {
    const orchestrator = randomUUID();
    return [
      {
        id: orchestrator,
        agentType: "orchestrator" as const,
        parentInvocationId: null,
        phaseResultId,
      },
      ...(["explorer", "coder", "judge"] as const).map((agentType) => ({
        id: randomUUID(),
        agentType,
        parentInvocationId: orchestrator,
        phaseResultId,
      })),
    ];
  });
  await db.insert(agentInvocations).values(
    invocations.map((invocation) => ({
      ...ws,
      ...invocation,
      runId,
      model: "bench-model",
      status: "completed" as const,
    })),
  );

  const stepRows = Array.from({ length: steps }, (_, index) => {
    const invocation = invocations[index % invocations.length];
    return {
      ...ws,
      id: randomUUID(),
      invocationId: invocation?.id ?? "",
      stepNumber: Math.floor(index / invocations.length),
      text: `Step ${index}: reading the code and deciding what to change next.`,
      finishReason: "tool-calls" as const,
      inputTokens: 1200,
      outputTokens: 180,
      totalTokens: 1380,
      model: "bench-model",
      startedAt: new Date(),
      finishedAt: new Date(),
    };
  });
  for (let start = 0; start < stepRows.length; start += 500) {
    await db.insert(agentSteps).values(stepRows.slice(start, start + 500));
  }
  const callRows = stepRows.flatMap((step) =>
    Array.from({ length: toolCallsPerStep }, (_, index) => ({
      ...ws,
      invocationId: step.invocationId,
      stepId: step.id,
      toolCallId: `call_${step.id.slice(0, 8)}_${index}`,
      toolName: ["read_file", "grep", "run_tests"][index % 3] ?? "read_file",
      input: { path: `src/module-${index}.ts` },
      outputType: "text" as const,
      output: "ok",
      status: "completed" as const,
    })),
  );
  for (let start = 0; start < callRows.length; start += 500) {
    await db.insert(toolCalls).values(callRows.slice(start, start + 500));
  }
  return {
    runId,
    steps: stepRows.length,
    toolCalls: callRows.length,
    invocations: invocations.length,
  };
}
