import { type TelemetryEventInput, telemetryEvent } from "@steward/events";
import { toEventRows } from "@steward/telemetry";

type Row = Record<string, unknown>;

/**
 * The rows the worker ends up writing for these events, computed in memory: started and
 * finished halves merged, rollups summed. The raw COPY baseline writes exactly these.
 */
export function normalizedRows(
  workspaceId: string,
  events: TelemetryEventInput[],
  runOf: (phaseResultId: string) => string,
) {
  const rows = toEventRows(
    events.map((input) => ({
      workspaceId,
      event: JSON.parse(JSON.stringify(telemetryEvent.parse(input))),
    })),
  );
  const strip = ({ event_id: _e, ...rest }: Row) => rest;

  const invocations = new Map<string, Row>();
  for (const started of rows.invocationsStarted) {
    const parent = started.parent_invocation_id
      ? invocations.get(started.parent_invocation_id)
      : undefined;
    invocations.set(started.id, {
      ...strip(started),
      run_id:
        started.run_id ??
        (started.phase_result_id ? runOf(started.phase_result_id) : (parent?.run_id ?? null)),
      status: "running",
      output: null,
      error: null,
      finished_at: null,
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
      reasoning_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      step_count: 0,
    });
  }
  for (const finished of rows.invocationsFinished) {
    const invocation = invocations.get(finished.invocation_id);
    if (invocation)
      Object.assign(invocation, {
        status: finished.status,
        output: finished.output,
        error: finished.error,
        finished_at: finished.finished_at,
      });
  }
  for (const step of rows.steps) {
    const invocation = invocations.get(step.invocation_id);
    if (!invocation) continue;
    for (const column of [
      "input_tokens",
      "output_tokens",
      "total_tokens",
      "reasoning_tokens",
      "cache_read_tokens",
      "cache_write_tokens",
    ] as const) {
      invocation[column] = (invocation[column] as number) + (step[column] ?? 0);
    }
    invocation.step_count = (invocation.step_count as number) + 1;
  }
  const toolCalls = new Map<string, Row>();
  for (const call of [...rows.toolCallStarts, ...rows.toolCallFinishes]) {
    const known = toolCalls.get(call.id);
    toolCalls.set(
      call.id,
      known
        ? {
            ...known,
            ...Object.fromEntries(Object.entries(strip(call)).filter(([, v]) => v !== null)),
          }
        : strip(call),
    );
  }
  return {
    agent_invocations: [...invocations.values()],
    agent_steps: rows.steps.map(strip),
    tool_calls: [...toolCalls.values()],
    memory_records: rows.memory.map(strip),
    cta_events: rows.cta.map(strip),
    metrics: rows.metrics.map((row) => ({
      ...strip(row),
      recorded_at: row.recorded_at ?? new Date().toISOString(),
    })),
  };
}

export type NormalizedRows = ReturnType<typeof normalizedRows>;
