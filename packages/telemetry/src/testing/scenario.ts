import { randomUUID } from "node:crypto";
import { createWorkspace, type Database, featureRuns, phaseResults } from "@steward/db";
import { type TelemetryEventInput, telemetryEvent } from "@steward/events";

/** A workspace with one run in its analysis phase, under ids the scenario chooses. */
export async function createRunWorkspace(
  db: Database,
  ids: { runId: string; phaseResultId: string },
) {
  const workspace = await createWorkspace(db, { name: "Telemetry" });
  await db.insert(featureRuns).values({ workspaceId: workspace.id, id: ids.runId, title: "Run" });
  await db.insert(phaseResults).values({
    workspaceId: workspace.id,
    id: ids.phaseResultId,
    runId: ids.runId,
    phase: "analysis",
  });
  return workspace.id;
}

const at = (second: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, second)).toISOString();

/**
 * A realistic slice of a run: an orchestrator with an explorer and a coder, three steps each
 * with usage, two tool calls per step (one denied, one failing), their ends, and a memory
 * record, an approval request and a metric. Event ids are fixed, so the same scenario can be
 * sent to several workspaces and compared.
 */
export function buildScenario() {
  const runId = randomUUID();
  const phaseResultId = randomUUID();
  const orchestrator = randomUUID();
  const children = [randomUUID(), randomUUID()];
  const events: TelemetryEventInput[] = [];
  const ev = () => randomUUID();
  events.push({
    type: "invocation.started",
    eventId: ev(),
    invocationId: orchestrator,
    agentType: "orchestrator",
    phaseResultId,
    model: "m-1",
    startedAt: at(0),
  });
  children.forEach((invocationId, index) => {
    events.push({
      type: "invocation.started",
      eventId: ev(),
      invocationId,
      agentType: index === 0 ? "explorer" : "coder",
      parentInvocationId: orchestrator,
      startedAt: at(1),
    });
  });
  for (const invocationId of [orchestrator, ...children]) {
    for (let stepNumber = 0; stepNumber < 3; stepNumber++) {
      const stepId = randomUUID();
      events.push({
        type: "step.finished",
        eventId: ev(),
        stepId,
        invocationId,
        stepNumber,
        text: `step ${stepNumber}`,
        finishReason: stepNumber === 2 ? "stop" : "tool-calls",
        rawFinishReason: "end_turn",
        usage: {
          inputTokens: 100 + stepNumber,
          outputTokens: 10,
          totalTokens: 110 + stepNumber,
          reasoningTokens: 3,
          cacheReadTokens: 50,
          cacheWriteTokens: 1,
        },
        model: "m-1",
        responseId: `resp-${stepNumber}`,
        startedAt: at(2 + stepNumber),
        finishedAt: at(3 + stepNumber),
      });
      for (let call = 0; call < 2; call++) {
        const toolCall = {
          id: randomUUID(),
          invocationId,
          stepId,
          toolCallId: `call-${stepNumber}-${call}`,
          toolName: call === 0 ? "read_file" : "run_tests",
        };
        events.push({
          type: "tool_call.started",
          eventId: ev(),
          ...toolCall,
          input: { n: call },
          startedAt: at(3 + stepNumber),
        });
        events.push({
          type: "tool_call.finished",
          eventId: ev(),
          ...toolCall,
          outputType:
            stepNumber === 0 && call === 0
              ? "execution-denied"
              : call === 1 && stepNumber === 1
                ? "error-text"
                : "json",
          output: { ok: call },
          error: call === 1 && stepNumber === 1 ? "tests failed" : null,
          finishedAt: at(4 + stepNumber),
        });
      }
    }
    events.push({
      type: "invocation.finished",
      eventId: ev(),
      invocationId,
      status: "completed",
      output: { done: true },
      finishedAt: at(9),
    });
  }
  events.push({
    type: "memory.recorded",
    eventId: ev(),
    id: randomUUID(),
    runId,
    phase: "analysis",
    kind: "decision",
    content: "Use the existing form",
    sourceInvocationId: orchestrator,
  });
  events.push({
    type: "cta.requested",
    eventId: ev(),
    id: randomUUID(),
    runId,
    invocationId: orchestrator,
    kind: "approval",
    prompt: "Open the PR?",
  });
  events.push({
    type: "metric.recorded",
    eventId: ev(),
    id: randomUUID(),
    metricType: "token_usage",
    value: 42,
    runId,
  });
  return { runId, phaseResultId, orchestrator, children, events };
}

/** Events as ingestion stores them in the inbox: validated, then plain JSON. */
export function toInboxEvents(events: TelemetryEventInput[]) {
  return events.map((input) => {
    const event = telemetryEvent.parse(input);
    return {
      eventId: event.eventId,
      eventType: event.type,
      payload: JSON.parse(JSON.stringify(event)),
    };
  });
}
