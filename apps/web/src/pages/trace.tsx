import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useParams } from "wouter";
import { describeError, ErrorNote } from "../components/error-note";
import { TraceView } from "../components/trace-view";
import { agentLabel } from "../lib/agent-label";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import { mergeSkeletonPages } from "../lib/step-rows";
import { useNow } from "../lib/use-now";
import { useTRPC } from "../trpc";

const uuidIn = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** One trace: the invocation tree under a root of no run, shown like a run's. */
export function TracePage() {
  const { invocationId = "" } = useParams<{ invocationId: string }>();
  const trpc = useTRPC();
  const trace = useInfiniteQuery(
    trpc.runView.trace.infiniteQueryOptions(
      { invocationId },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const pages = trace.data?.pages;
  const merged = useMemo(() => mergeSkeletonPages(pages ?? []), [pages]);
  const root = pages?.[0]?.root;
  const now = useNow(root?.finishedAt === null);

  const back = (
    <p>
      <Link href="/traces">← Trace list</Link>
    </p>
  );
  if (trace.isPending) return <p className="loading">Loading trace…</p>;
  if (!root)
    return (
      <section>
        {back}
        <TraceError error={trace.error} />
      </section>
    );
  return (
    <section>
      {back}
      <header className="run-header">
        <h1>
          {agentLabel(root)} <span className="muted">{root.model ?? ""}</span>
        </h1>
        <div className="run-facts">
          <span className={`badge status-${root.status}`}>{root.status}</span>
          {root.finishedAt === null ? (
            <span className="live-hint" title="This view updates as the agents record telemetry">
              ● live
            </span>
          ) : null}
          <span>
            <span className="muted">Started </span>
            {formatTime(root.startedAt)}
          </span>
          <span>
            <span className="muted">Duration </span>
            {formatDuration(durationBetween(root.startedAt, root.finishedAt, now))}
          </span>
          <span>
            <span className="muted">Tokens </span>
            {formatCount(merged.invocations.reduce((sum, i) => sum + (i.totalTokens ?? 0), 0))}
          </span>
        </div>
      </header>
      {trace.error && !trace.isFetchNextPageError ? <ErrorNote error={trace.error} /> : null}
      <TraceView
        invocations={merged.invocations}
        steps={merged.steps}
        toolCalls={merged.toolCalls}
        totalSteps={merged.invocations.reduce((sum, i) => sum + (i.stepCount ?? 0), 0)}
        paging={trace}
      />
    </section>
  );
}

/** An invocation that belongs to a run is read on the run's page: link there. */
function TraceError({ error }: { error: unknown }) {
  const { message, field } = describeError(error);
  const runId =
    field === "invocationId" && /belongs to run/.test(message) ? uuidIn.exec(message)?.[0] : null;
  if (runId) {
    return (
      <p>
        This invocation is part of a run. <Link href={`/runs/${runId}`}>Open the run</Link>.
      </p>
    );
  }
  return <ErrorNote error={error} />;
}
