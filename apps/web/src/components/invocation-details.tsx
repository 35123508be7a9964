import { useQuery } from "@tanstack/react-query";
import { agentLabel } from "../lib/agent-label";
import type { InvocationSkeleton } from "../lib/api-types";
import { formatTotalCost } from "../lib/cost";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import { useTRPC } from "../trpc";
import { ErrorNote } from "./error-note";
import { JsonView } from "./json-view";

/** One invocation opened from the timeline: its summary, then its input, output and error. */
export function InvocationDetails({ invocation }: { invocation: InvocationSkeleton }) {
  const trpc = useTRPC();
  const details = useQuery(
    trpc.runView.details.queryOptions({
      stepIds: [],
      toolCallIds: [],
      invocationIds: [invocation.id],
    }),
  );
  const full = details.data?.invocations.find((row) => row.id === invocation.id);
  return (
    <section className="details" aria-label={`Invocation ${agentLabel(invocation)}`}>
      <h3>
        {agentLabel(invocation)}{" "}
        <span className={`badge status-${invocation.status}`}>{invocation.status}</span>
      </h3>
      <dl className="facts">
        <dt>Model</dt>
        <dd>{invocation.model ?? "—"}</dd>
        <dt>Started</dt>
        <dd>{formatTime(invocation.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(invocation.startedAt, invocation.finishedAt))}</dd>
        <dt>Tokens</dt>
        <dd>
          {formatCount(invocation.inputTokens)} in · {formatCount(invocation.outputTokens)} out ·{" "}
          {formatCount(invocation.totalTokens)} total
        </dd>
        <dt>Steps</dt>
        <dd>{formatCount(invocation.stepCount)}</dd>
        <dt>Cost</dt>
        <dd>{formatTotalCost(invocation)}</dd>
      </dl>
      {details.error ? <ErrorNote error={details.error} /> : null}
      {details.isPending ? <p className="muted">Loading input and output…</p> : null}
      {full ? (
        <>
          <h4>Input</h4>
          {full.input == null ? (
            <p className="muted">None recorded.</p>
          ) : (
            <JsonView value={full.input} />
          )}
          <h4>Output</h4>
          {full.output == null ? (
            <p className="muted">None recorded.</p>
          ) : (
            <JsonView value={full.output} />
          )}
          {full.error ? (
            <>
              <h4>Error</h4>
              <pre className="long-text error-text">{full.error}</pre>
            </>
          ) : null}
        </>
      ) : null}
      <p className="hint">Select a step in the list to see its text and tool calls.</p>
    </section>
  );
}
