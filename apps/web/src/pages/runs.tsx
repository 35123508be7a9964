import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { RunFilterForm } from "../components/run-filter-form";
import type { RunListItem } from "../lib/api-types";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import {
  formatRunFilters,
  hasRunFilters,
  noRunFilters,
  parseRunFilters,
  phaseLabel,
  type RunFilters,
  runStatusOf,
  toRunsListInput,
} from "../lib/run-filters";
import { useNow } from "../lib/use-now";
import { useTRPC } from "../trpc";

/** Runs newest first, filtered by what the URL says, a page at a time. */
export function RunsPage() {
  const trpc = useTRPC();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => parseRunFilters(search), [search]);
  const input = useMemo(() => toRunsListInput(filters), [filters]);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const now = useNow(items.some((run) => runStatusOf(run.currentPhase) === "running"));

  const applyFilters = (next: RunFilters) => {
    const query = formatRunFilters(next);
    navigate(query ? `/runs?${query}` : "/runs");
  };

  return (
    <section>
      <h1>Runs</h1>
      <RunFilterForm filters={filters} onChange={applyFilters} />
      {runs.error && !runs.data ? <ErrorNote error={runs.error} /> : null}
      {runs.isPending ? <p className="muted">Loading runs…</p> : null}
      {runs.data && items.length === 0 ? (
        hasRunFilters(filters) ? (
          <EmptyState title="No runs match these filters">
            <p>Widen the time range, search for less of the title, or clear the filters.</p>
            <button type="button" onClick={() => applyFilters(noRunFilters)}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <NoRunsYet />
        )
      ) : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Phase</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Steps
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <RunRow key={run.id} run={run} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {runs.isFetchNextPageError ? <ErrorNote error={runs.error} /> : null}
      <LoadMore
        hasNextPage={runs.hasNextPage}
        isFetchingNextPage={runs.isFetchingNextPage}
        fetchNextPage={runs.fetchNextPage}
        what="runs"
      />
    </section>
  );
}

function RunRow({ run, now }: { run: RunListItem; now: number }) {
  const status = runStatusOf(run.currentPhase);
  return (
    <tr data-testid="run-row">
      <td className="title-cell">
        <Link href={`/runs/${run.id}`}>{run.title}</Link>
      </td>
      <td>
        <span className={`badge status-${status}`}>{phaseLabel(run.currentPhase)}</span>
      </td>
      <td>{formatTime(run.startedAt)}</td>
      <td className="num">{formatDuration(durationBetween(run.startedAt, run.finishedAt, now))}</td>
      <td className="num">{formatCount(run.totalTokens)}</td>
      <td className="num">{formatCount(run.stepCount)}</td>
    </tr>
  );
}

/** The first thing a new workspace sees: how to get a run recorded. */
function NoRunsYet() {
  const origin = window.location.origin;
  return (
    <EmptyState title="No runs yet">
      <p>Runs appear here as agents record them. To get one:</p>
      <ul>
        <li>
          Play a whole feature run into this Steward from its repository:{" "}
          <code>STEWARD_URL={origin} STEWARD_KEY=&lt;key&gt; pnpm demo</code>.
        </li>
        <li>
          Point <code>@steward/recorder</code> at this server,{" "}
          <code>createRecorder({`{ url: "${origin}", apiKey }`})</code>, with a key that has the{" "}
          <code>ingest</code> scope (<code>pnpm steward key create</code>).
        </li>
        <li>
          Or post events from any language: <code>POST {origin}/v1/ingest</code> with{" "}
          <code>Authorization: Bearer &lt;key&gt;</code> and{" "}
          <code>{`{"v": 1, "events": [...]}`}</code>.
        </li>
      </ul>
    </EmptyState>
  );
}
