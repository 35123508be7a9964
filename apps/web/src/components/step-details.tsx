import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { StepSkeleton, ToolCallSkeleton } from "../lib/api-types";
import { formatStepCost } from "../lib/cost";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import { outcomeLabel, outcomeMark, toolCallOutcome } from "../lib/tool-call-outcome";
import { useTRPC } from "../trpc";
import { ErrorNote } from "./error-note";
import { JsonView } from "./json-view";

/** The API answers details for at most this many ids of a kind per call. */
const maxDetailIds = 100;

/**
 * One step in full: its text, reasoning, usage and tool calls with their input and output. The
 * heavy fields come in one details call for the step and its tool calls, made only when the
 * step is opened.
 */
export function StepDetails({
  step,
  toolCalls,
}: {
  step: StepSkeleton;
  toolCalls: readonly ToolCallSkeleton[];
}) {
  const trpc = useTRPC();
  const detailed = toolCalls.slice(0, maxDetailIds);
  const details = useQuery(
    trpc.runView.details.queryOptions({
      stepIds: [step.id],
      toolCallIds: detailed.map((call) => call.id),
      invocationIds: [],
    }),
  );
  // A tool call that finishes after the step was opened brings its output with it.
  const progress = toolCalls.map((call) => `${call.status}:${call.finishedAt ?? ""}`).join();
  const seenProgress = useRef(progress);
  const { refetch } = details;
  useEffect(() => {
    if (seenProgress.current === progress) return;
    seenProgress.current = progress;
    void refetch();
  }, [progress, refetch]);

  const text = details.data?.steps.find((row) => row.id === step.id);
  const callDetails = new Map((details.data?.toolCalls ?? []).map((row) => [row.id, row] as const));

  return (
    <section className="details" aria-label={`Step ${step.stepNumber}`}>
      <h3>Step #{step.stepNumber}</h3>
      <dl className="facts">
        <dt>Finish reason</dt>
        <dd>
          {step.finishReason ?? "—"}
          {text?.rawFinishReason ? <span className="muted"> ({text.rawFinishReason})</span> : null}
        </dd>
        <dt>Model</dt>
        <dd>{step.model ?? "—"}</dd>
        <dt>Started</dt>
        <dd>{formatTime(step.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(durationBetween(step.startedAt, step.finishedAt ?? step.startedAt))}
        </dd>
        <dt>Tokens</dt>
        <dd>
          {formatCount(step.inputTokens)} in · {formatCount(step.outputTokens)} out ·{" "}
          {formatCount(step.totalTokens)} total
        </dd>
        <dt>Cost</dt>
        <dd>{formatStepCost(step.costUsd)}</dd>
        {step.reasoningTokens != null ||
        step.cacheReadTokens != null ||
        step.cacheWriteTokens != null ? (
          <>
            <dt>Reasoning / cache</dt>
            <dd>
              {formatCount(step.reasoningTokens)} reasoning · {formatCount(step.cacheReadTokens)}{" "}
              read · {formatCount(step.cacheWriteTokens)} written
            </dd>
          </>
        ) : null}
        {text?.responseId ? (
          <>
            <dt>Response</dt>
            <dd>
              <code>{text.responseId}</code>
            </dd>
          </>
        ) : null}
      </dl>

      {details.error ? <ErrorNote error={details.error} /> : null}
      {details.isPending ? <p className="muted">Loading text and tool calls…</p> : null}
      {text ? (
        <>
          <h4>Text</h4>
          {text.text ? (
            <pre className="long-text" data-testid="step-text">
              {text.text}
            </pre>
          ) : (
            <p className="muted">The step produced no text.</p>
          )}
          {text.reasoning ? (
            <details>
              <summary>Reasoning</summary>
              <pre className="long-text">{text.reasoning}</pre>
            </details>
          ) : null}
        </>
      ) : null}

      <h4>Tool calls ({toolCalls.length})</h4>
      {toolCalls.length === 0 ? <p className="muted">No tool calls in this step.</p> : null}
      {toolCalls.length > detailed.length ? (
        <p className="muted">Input and output are shown for the first {maxDetailIds}.</p>
      ) : null}
      <ul className="tool-calls">
        {toolCalls.map((call) => {
          const outcome = toolCallOutcome(call);
          const detail = callDetails.get(call.id);
          return (
            <li
              key={call.id}
              data-testid="tool-call"
              data-status={call.status}
              data-output-type={call.outputType ?? ""}
              className={`tool-call outcome-${outcome}`}
            >
              <div className="tool-call-head">
                <span aria-hidden="true">{outcomeMark[outcome]}</span>
                <strong>{call.toolName}</strong>
                <span className={`badge status-${outcome === "denied" ? "denied" : call.status}`}>
                  {outcome === "denied" ? "denied" : call.status}
                </span>
                <span className="visually-hidden">{outcomeLabel[outcome]}</span>
                {call.outputType ? <span className="muted">{call.outputType}</span> : null}
                <span className="muted">
                  {formatDuration(durationBetween(call.startedAt, call.finishedAt))}
                </span>
              </div>
              {detail ? (
                <>
                  <div className="tool-call-part">
                    <span className="muted">Input</span>
                    <JsonView value={detail.input} />
                  </div>
                  {detail.output !== null && detail.output !== undefined ? (
                    <div className="tool-call-part">
                      <span className="muted">Output</span>
                      <JsonView value={detail.output} />
                    </div>
                  ) : null}
                  {detail.error ? <pre className="long-text error-text">{detail.error}</pre> : null}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
