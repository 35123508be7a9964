import type {
  CtaRow,
  InvocationFinishedRow,
  InvocationStartedRow,
  MemoryRow,
  MetricRow,
  StepFinishedRow,
  ToolCallRow,
} from "@steward/db";
import type { StoredEvent } from "./stored-events";

export type EventRows = {
  invocationsStarted: InvocationStartedRow[];
  invocationsFinished: InvocationFinishedRow[];
  steps: StepFinishedRow[];
  toolCallStarts: ToolCallRow[];
  toolCallFinishes: ToolCallRow[];
  memory: MemoryRow[];
  cta: CtaRow[];
  metrics: MetricRow[];
};

const iso = (value: string | null | undefined) => value ?? null;
const failedOutputs = new Set(["execution-denied", "error-text", "error-json"]);

/**
 * Sorts a batch's events into the rows each set-based applier takes. Events come as the inbox
 * stores them (see StoredEvent): timestamps are already ISO strings.
 */
export function toEventRows(events: { workspaceId: string; event: StoredEvent }[]): EventRows {
  const rows: EventRows = {
    invocationsStarted: [],
    invocationsFinished: [],
    steps: [],
    toolCallStarts: [],
    toolCallFinishes: [],
    memory: [],
    cta: [],
    metrics: [],
  };
  // Each row is one object literal: spreading shared columns into a literal this wide costs
  // V8 some forty times as much (a quarter of a batch's time in the worker).
  for (const { workspaceId, event } of events) {
    switch (event.type) {
      case "invocation.started":
        rows.invocationsStarted.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.invocationId,
          agent_type: event.agentType ?? null,
          agent_name: event.agentName ?? null,
          trace_id: event.traceId ?? null,
          conversation_key: event.conversationKey ?? null,
          agent_id: event.agentId ?? null,
          parent_invocation_id: event.parentInvocationId ?? null,
          run_id: event.runId ?? null,
          phase_result_id: event.phaseResultId ?? null,
          task_id: event.taskId ?? null,
          conversation_id: event.conversationId ?? null,
          model: event.model ?? null,
          input: event.input ?? null,
          started_at: event.startedAt,
        });
        break;
      case "invocation.finished":
        rows.invocationsFinished.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          invocation_id: event.invocationId,
          status: event.status,
          output: event.output ?? null,
          error: event.error ?? null,
          finished_at: event.finishedAt,
        });
        break;
      case "step.finished":
        rows.steps.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.stepId,
          invocation_id: event.invocationId,
          step_number: event.stepNumber,
          text: event.text ?? null,
          reasoning: event.reasoning ?? null,
          finish_reason: event.finishReason ?? null,
          raw_finish_reason: event.rawFinishReason ?? null,
          input_tokens: event.usage.inputTokens ?? null,
          output_tokens: event.usage.outputTokens ?? null,
          total_tokens: event.usage.totalTokens ?? null,
          reasoning_tokens: event.usage.reasoningTokens ?? null,
          cache_read_tokens: event.usage.cacheReadTokens ?? null,
          cache_write_tokens: event.usage.cacheWriteTokens ?? null,
          model: event.model ?? null,
          response_id: event.responseId ?? null,
          started_at: iso(event.startedAt),
          finished_at: event.finishedAt,
        });
        break;
      case "tool_call.started":
        rows.toolCallStarts.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.id,
          invocation_id: event.invocationId,
          step_id: event.stepId,
          tool_call_id: event.toolCallId,
          tool_name: event.toolName,
          input: event.input ?? null,
          output_type: null,
          output: null,
          error: null,
          status: "running",
          started_at: event.startedAt,
          finished_at: null,
        });
        break;
      case "tool_call.finished":
        rows.toolCallFinishes.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.id,
          invocation_id: event.invocationId,
          step_id: event.stepId,
          tool_call_id: event.toolCallId,
          tool_name: event.toolName,
          input: event.input ?? null,
          output_type: event.outputType,
          output: event.output ?? null,
          error: event.error ?? null,
          status: failedOutputs.has(event.outputType) || event.error ? "failed" : "completed",
          started_at: iso(event.startedAt),
          finished_at: event.finishedAt,
        });
        break;
      case "memory.recorded":
        rows.memory.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.id,
          run_id: event.runId,
          phase: event.phase ?? null,
          kind: event.kind,
          content: event.content,
          source_invocation_id: event.sourceInvocationId ?? null,
          metadata: event.metadata ?? null,
        });
        break;
      case "cta.requested":
        rows.cta.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.id,
          run_id: event.runId ?? null,
          invocation_id: event.invocationId ?? null,
          kind: event.kind,
          prompt: event.prompt,
          options: event.options ?? null,
          expires_at: iso(event.expiresAt),
        });
        break;
      case "metric.recorded":
        rows.metrics.push({
          event_id: event.eventId,
          workspace_id: workspaceId,
          id: event.id,
          type: event.metricType,
          value: event.value,
          metadata: event.metadata ?? null,
          project_id: event.projectId ?? null,
          agent_id: event.agentId ?? null,
          agent_instance_id: event.agentInstanceId ?? null,
          task_id: event.taskId ?? null,
          run_id: event.runId ?? null,
          recorded_at: iso(event.recordedAt),
        });
        break;
    }
  }
  return rows;
}

/** Why an event is still waiting, for its dead letter if it never applies. */
export function waitingReason(event: StoredEvent): string {
  switch (event.type) {
    case "invocation.started":
      return "a row it names (parent invocation, run, phase result, task, conversation or agent) does not exist in this workspace";
    case "invocation.finished":
      return `invocation ${event.invocationId} was never started in this workspace`;
    case "step.finished":
      return `invocation ${event.invocationId} does not exist in this workspace`;
    case "tool_call.started":
    case "tool_call.finished":
      return `step ${event.stepId} of invocation ${event.invocationId} does not exist in this workspace`;
    case "memory.recorded":
      return `run ${event.runId} (or source invocation) does not exist in this workspace`;
    case "cta.requested":
      return "the run or invocation it names does not exist in this workspace";
    case "metric.recorded":
      return "a project, agent, agent instance, task or run it names does not exist in this workspace";
  }
}
