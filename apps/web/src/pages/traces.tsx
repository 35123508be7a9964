import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { agentLabel } from "../lib/agent-label";
import type { TracesInput } from "../lib/api-types";
import { durationBetween, formatCount, formatDuration, formatTime } from "../lib/format";
import { useNow } from "../lib/use-now";
import { useTRPC } from "../trpc";

type AgentType = NonNullable<TracesInput["agentType"]>;

// A record, so the compiler names an agent type the API adds.
const agentTypeSet: Record<AgentType, true> = {
  orchestrator: true,
  explorer: true,
  coder: true,
  judge: true,
  meta_judge: true,
};
const agentTypes = Object.keys(agentTypeSet) as AgentType[];

/** The agent type a link filters by, if it names one. */
function readAgentType(search: string): AgentType | null {
  const value = new URLSearchParams(search).get("agentType");
  return agentTypes.find((type) => type === value) ?? null;
}

/** Invocation trees recorded outside any run (an agent called on its own), newest first. */
export function TracesPage() {
  const trpc = useTRPC();
  const search = useSearch();
  const [, navigate] = useLocation();
  const agentType = readAgentType(search);
  const input = useMemo(() => (agentType ? { agentType } : {}), [agentType]);
  const traces = useInfiniteQuery(
    trpc.runView.traces.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor,
    }),
  );
  const items = useMemo(
    () => traces.data?.pages.flatMap((page) => page.items) ?? [],
    [traces.data],
  );
  const now = useNow(items.some((root) => root.finishedAt === null));

  return (
    <section>
      <h1>Traces</h1>
      <form className="filters" aria-label="Filter traces" onSubmit={(e) => e.preventDefault()}>
        <label>
          Agent type
          <select
            name="agentType"
            value={agentType ?? ""}
            onChange={(event) =>
              navigate(event.target.value ? `/traces?agentType=${event.target.value}` : "/traces")
            }
          >
            <option value="">Any</option>
            {agentTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
      </form>
      {traces.error && !traces.data ? <ErrorNote error={traces.error} /> : null}
      {traces.isPending ? <p className="muted">Loading traces…</p> : null}
      {traces.data && items.length === 0 ? (
        <EmptyState title={agentType ? `No ${agentType} traces` : "No traces yet"}>
          <p>
            A trace is an invocation recorded without a run, with everything it called. Record one
            with <code>recordInvocation(recorder, {"{ agentType }"})</code> and no{" "}
            <code>runId</code>, or post an <code>invocation.started</code> event without one to{" "}
            <code>{window.location.origin}/v1/ingest</code>. Invocations inside runs show on their
            run, from the <Link href="/runs">run list</Link>.
          </p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
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
              {items.map((root) => (
                <tr key={root.id}>
                  <td>
                    <Link href={`/traces/${root.id}`}>{agentLabel(root)}</Link>
                  </td>
                  <td>{root.model ?? "—"}</td>
                  <td>
                    <span className={`badge status-${root.status}`}>{root.status}</span>
                  </td>
                  <td>{formatTime(root.startedAt)}</td>
                  <td className="num">
                    {formatDuration(durationBetween(root.startedAt, root.finishedAt, now))}
                  </td>
                  <td className="num">{formatCount(root.totalTokens)}</td>
                  <td className="num">{formatCount(root.stepCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {traces.isFetchNextPageError ? <ErrorNote error={traces.error} /> : null}
      <LoadMore
        hasNextPage={traces.hasNextPage}
        isFetchingNextPage={traces.isFetchingNextPage}
        fetchNextPage={traces.fetchNextPage}
        what="traces"
      />
    </section>
  );
}
