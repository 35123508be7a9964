import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useParams } from "wouter";
import { ErrorNote } from "../components/error-note";
import { PhaseStrip } from "../components/phase-strip";
import { RunApprovals } from "../components/run-approvals";
import { RunMemory } from "../components/run-memory";
import { TraceView } from "../components/trace-view";
import type { RunSkeleton } from "../lib/api-types";
import { formatTotalCost } from "../lib/cost";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import { phaseLabel, runStatusOf } from "../lib/run-filters";
import { mergeSkeletonPages } from "../lib/step-rows";
import { useNow } from "../lib/use-now";
import { useTRPC } from "../trpc";

/**
 * One run: its phases, the invocation waterfall with steps and their details, what it learned
 * and what it asked. The skeleton's input is exactly `{ runId }`, the key the live feed
 * invalidates when the run changes.
 */
export function RunPage() {
  const { runId = "" } = useParams<{ runId: string }>();
  const trpc = useTRPC();
  const skeleton = useInfiniteQuery(
    trpc.runView.skeleton.infiniteQueryOptions(
      { runId },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const pages = skeleton.data?.pages;
  const merged = useMemo(() => mergeSkeletonPages(pages ?? []), [pages]);
  const first = pages?.[0];

  if (skeleton.isPending) return <p className="loading">Loading run…</p>;
  if (!first) {
    return (
      <section>
        <p>
          <Link href="/runs">← Run list</Link>
        </p>
        <ErrorNote error={skeleton.error} />
      </section>
    );
  }
  return (
    <section>
      <p>
        <Link href="/runs">← Run list</Link>
      </p>
      <RunHeader run={first.run} />
      {skeleton.error && !skeleton.isFetchNextPageError ? (
        <ErrorNote error={skeleton.error} />
      ) : null}
      <h2>Phases</h2>
      <PhaseStrip phases={first.phases ?? []} />
      <TraceView
        invocations={merged.invocations}
        steps={merged.steps}
        toolCalls={merged.toolCalls}
        totalSteps={first.run.stepCount}
        paging={skeleton}
      />
      <div className="run-records">
        <section aria-labelledby="memory-heading">
          <h2 id="memory-heading">Memory</h2>
          <RunMemory runId={runId} />
        </section>
        <section aria-labelledby="approvals-heading">
          <h2 id="approvals-heading">Approval requests</h2>
          <RunApprovals runId={runId} />
        </section>
      </div>
    </section>
  );
}

function RunHeader({ run }: { run: RunSkeleton }) {
  const status = runStatusOf(run.currentPhase);
  const running = status === "running";
  const now = useNow(running);
  // Only a web address becomes a link: a recorded `javascript:` URL must not run on click.
  const pullRequest = run.pullRequestUrl && /^https?:\/\//i.test(run.pullRequestUrl);
  return (
    <header className="run-header">
      <h1>{run.title}</h1>
      <div className="run-facts">
        <span className={`badge status-${status}`}>{phaseLabel(run.currentPhase)}</span>
        {running ? (
          <span className="live-hint" title="This view updates as the agents record telemetry">
            ● live
          </span>
        ) : null}
        <span>
          <span className="muted">Started </span>
          {formatTime(run.startedAt)}
        </span>
        <span>
          <span className="muted">Duration </span>
          {formatDuration(durationBetween(run.startedAt, run.finishedAt, now))}
        </span>
        <span title={`${formatCount(run.inputTokens)} in · ${formatCount(run.outputTokens)} out`}>
          <span className="muted">Tokens </span>
          {formatCount(run.totalTokens)}
        </span>
        <span>
          <span className="muted">Steps </span>
          {formatCount(run.stepCount)}
        </span>
        <span>
          <span className="muted">Cost </span>
          {formatTotalCost(run)}
        </span>
        {run.branchName ? <code>{run.branchName}</code> : null}
        {pullRequest ? (
          <a href={run.pullRequestUrl ?? undefined} target="_blank" rel="noreferrer noopener">
            Pull request
          </a>
        ) : null}
      </div>
    </header>
  );
}
