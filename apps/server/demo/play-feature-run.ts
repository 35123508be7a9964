import type { StewardClient } from "@steward/client";
import type { TelemetryEventInput } from "@steward/events";
import { newId, type Recorder } from "@steward/recorder";

type Phase = "analysis" | "approaches" | "judging" | "implementation" | "pr";
type AgentType = "orchestrator" | "explorer" | "coder" | "judge" | "meta_judge";
type Tool = {
  name: string;
  outcome: "json" | "text" | "execution-denied" | "error-text";
  output: unknown;
};

// Who works in each phase under the orchestrator, and the tools they reach for.
const cast: Record<Phase, { agent: AgentType; tools: Tool[] }[]> = {
  analysis: [
    {
      agent: "explorer",
      tools: [{ name: "grep", outcome: "text", output: "src/auth/login.ts:12" }],
    },
    { agent: "explorer", tools: [{ name: "read_file", outcome: "json", output: { lines: 180 } }] },
  ],
  approaches: [
    { agent: "coder", tools: [{ name: "read_file", outcome: "json", output: { lines: 42 } }] },
    {
      agent: "coder",
      tools: [
        { name: "run_shell", outcome: "execution-denied", output: "rm -rf build/ needs approval" },
      ],
    },
  ],
  judging: [
    { agent: "judge", tools: [] },
    { agent: "meta_judge", tools: [] },
  ],
  implementation: [
    {
      agent: "coder",
      tools: [
        { name: "write_file", outcome: "json", output: { written: "src/auth/reset.ts" } },
        {
          name: "run_tests",
          outcome: "error-text",
          output: "1 failing: expires tokens after 15 minutes",
        },
        { name: "run_tests", outcome: "json", output: { passed: 48, failed: 0 } },
      ],
    },
  ],
  pr: [
    {
      agent: "coder",
      tools: [{ name: "open_pull_request", outcome: "json", output: { number: 128 } }],
    },
  ],
};

const memories: Partial<
  Record<Phase, { kind: "insight" | "decision" | "constraint" | "failure"; content: string }>
> = {
  analysis: {
    kind: "insight",
    content: "Login already signs tokens with the shared key in src/auth/keys.ts",
  },
  judging: {
    kind: "decision",
    content: "Reuse the token signer; store reset tokens hashed, 15 minutes",
  },
  implementation: {
    kind: "failure",
    content: "First test run failed: expiry was one hour, not 15 minutes",
  },
  pr: { kind: "constraint", content: "Pull requests touching auth need a human approval" },
};

/** Records what one agent invocation did: its start, steps with usage, tool calls, end. */
function recordInvocation(
  recorder: Recorder,
  context: {
    agentType: AgentType;
    runId: string;
    phaseResultId?: string;
    parentInvocationId?: string;
  },
  tools: Tool[],
) {
  const invocationId = newId();
  const now = () => new Date().toISOString();
  const send = (event: TelemetryEventInput) => recorder.record(event);
  send({
    type: "invocation.started",
    eventId: newId(),
    invocationId,
    ...context,
    model: "demo-model-1",
    startedAt: now(),
  });
  const steps = Math.max(1, tools.length) + 1;
  for (let stepNumber = 0; stepNumber < steps; stepNumber++) {
    const stepId = newId();
    const tool = tools[stepNumber];
    send({
      type: "step.finished",
      eventId: newId(),
      stepId,
      invocationId,
      stepNumber,
      text: tool ? `Calling ${tool.name}` : "Done.",
      finishReason: tool ? "tool-calls" : "stop",
      rawFinishReason: tool ? "tool_use" : "end_turn",
      usage: {
        inputTokens: 900 + 100 * stepNumber,
        outputTokens: 120,
        totalTokens: 1020 + 100 * stepNumber,
        cacheReadTokens: 600,
      },
      model: "demo-model-1",
      finishedAt: now(),
    });
    if (tool) {
      const call = {
        id: newId(),
        invocationId,
        stepId,
        toolCallId: `call_${stepNumber}`,
        toolName: tool.name,
      };
      send({
        type: "tool_call.started",
        eventId: newId(),
        ...call,
        input: { step: stepNumber },
        startedAt: now(),
      });
      send({
        type: "tool_call.finished",
        eventId: newId(),
        ...call,
        outputType: tool.outcome,
        output: tool.output,
        error: tool.outcome === "error-text" ? String(tool.output) : null,
        finishedAt: now(),
      });
    }
  }
  return {
    invocationId,
    finish: () =>
      send({
        type: "invocation.finished",
        eventId: newId(),
        invocationId,
        status: "completed",
        finishedAt: now(),
      }),
  };
}

/** Plays a feature run phase by phase; answers the approval it asks for at the end. */
export async function playFeatureRun(
  steward: StewardClient,
  recorder: Recorder,
  log: (line: string) => void,
) {
  const run = await steward.runs.create.mutate({
    title: "Add password reset",
    request: "Users can reset a forgotten password by email",
  });
  log(`created run ${run.id} ("${run.title}")`);
  let approvalId = "";
  for (const phase of ["analysis", "approaches", "judging", "implementation", "pr"] as const) {
    const attempts = await steward.runs.phaseResults.query({ runId: run.id });
    const current = attempts.filter((attempt) => attempt.phase === phase).at(-1);
    const orchestrator = recordInvocation(
      recorder,
      { agentType: "orchestrator", runId: run.id, phaseResultId: current?.id },
      [],
    );
    for (const member of cast[phase]) {
      recordInvocation(
        recorder,
        { agentType: member.agent, runId: run.id, parentInvocationId: orchestrator.invocationId },
        member.tools,
      ).finish();
    }
    const memory = memories[phase];
    if (memory)
      recorder.record({
        type: "memory.recorded",
        eventId: newId(),
        id: newId(),
        runId: run.id,
        phase,
        ...memory,
        sourceInvocationId: orchestrator.invocationId,
      });
    if (phase === "pr") {
      approvalId = newId();
      recorder.record({
        type: "cta.requested",
        eventId: newId(),
        id: approvalId,
        runId: run.id,
        invocationId: orchestrator.invocationId,
        kind: "approval",
        prompt: "Open pull request #128 for the password reset?",
      });
    }
    orchestrator.finish();
    recorder.record({
      type: "metric.recorded",
      eventId: newId(),
      id: newId(),
      metricType: "phase_steps",
      value: cast[phase].length + 1,
      runId: run.id,
    });
    await recorder.flush();
    log(`recorded the ${phase} phase (${cast[phase].length + 1} invocations)`);
    if (phase !== "pr")
      await steward.runs.advance.mutate({
        id: run.id,
        expectedPhase: phase,
        output: { summary: `${phase} done` },
      });
  }

  // The worker applies events as they come; wait until the approval request is visible.
  for (let tries = 0; tries < 200; tries++) {
    const pending = await steward.ctaEvents.listPending.query({ runId: run.id });
    if (pending.items.some((event) => event.id === approvalId)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answered = await steward.ctaEvents.answer.mutate({
    id: approvalId,
    response: { approved: true },
  });
  log(`answered the approval request: approved at ${answered.answeredAt}`);
  await steward.runs.advance.mutate({
    id: run.id,
    expectedPhase: "pr",
    output: { pullRequest: 128 },
  });
  return { runId: run.id, approvalId };
}
