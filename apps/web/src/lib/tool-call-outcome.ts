/** What a tool call's skeleton says about how it went. */
export type ToolCallOutcome = "denied" | "failed" | "running" | "ok";

type ToolCallState = { status: string; outputType: string | null; hasError: boolean };

/**
 * How a tool call ended, for marking it at a glance. A denial is told apart from a failure:
 * the tool never ran, because a person or a policy said no (output type `execution-denied`).
 * A failure is a failed status, an error output (`error-text`, `error-json`) or an error text.
 */
export function toolCallOutcome(call: ToolCallState): ToolCallOutcome {
  if (call.outputType === "execution-denied") return "denied";
  if (
    call.status === "failed" ||
    call.outputType === "error-text" ||
    call.outputType === "error-json" ||
    call.hasError
  ) {
    return "failed";
  }
  if (call.status === "pending" || call.status === "running") return "running";
  return "ok";
}

export const outcomeMark: Record<ToolCallOutcome, string> = {
  denied: "⊘",
  failed: "✕",
  running: "…",
  ok: "✓",
};

export const outcomeLabel: Record<ToolCallOutcome, string> = {
  denied: "denied",
  failed: "failed",
  running: "in progress",
  ok: "succeeded",
};
