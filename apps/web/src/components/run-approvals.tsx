import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { formatTime } from "../lib/format";
import { useTRPC } from "../trpc";
import { EmptyState } from "./empty-state";
import { ErrorNote } from "./error-note";
import { JsonView } from "./json-view";
import { LoadMore } from "./load-more";

/** The questions a run put to a person, newest first, with how they were answered. */
export function RunApprovals({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.ctaEvents.list.infiniteQueryOptions(
      { runId },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  if (events.isPending) return <p className="muted">Loading approval requests…</p>;
  if (events.error && !events.data) return <ErrorNote error={events.error} />;
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) {
    return (
      <EmptyState title="No approval requests">
        <p>
          When an agent asks a person to approve, choose or answer (a <code>cta.requested</code>{" "}
          event or <code>ctaEvents.request</code> with this run's id), the request and its answer
          appear here. Pending ones are answered in the <Link href="/approvals">inbox</Link>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="cards">
        {items.map((event) => (
          <li key={event.id} className="card">
            <div className="card-head">
              <span className={`badge status-${event.status}`}>{event.status}</span>
              <span className="muted">{event.kind}</span>
              <span className="muted">asked {formatTime(event.createdAt)}</span>
              {event.answeredAt ? (
                <span className="muted">answered {formatTime(event.answeredAt)}</span>
              ) : null}
            </div>
            <p className="long-text">{event.prompt}</p>
            {event.options && event.options.length > 0 ? (
              <p className="muted">Options: {event.options.join(" · ")}</p>
            ) : null}
            {event.response ? <JsonView value={event.response} /> : null}
            {event.status === "pending" ? (
              <Link href="/approvals">Answer it in the inbox</Link>
            ) : null}
          </li>
        ))}
      </ul>
      {events.isFetchNextPageError ? <ErrorNote error={events.error} /> : null}
      <LoadMore
        hasNextPage={events.hasNextPage}
        isFetchingNextPage={events.isFetchingNextPage}
        fetchNextPage={events.fetchNextPage}
        what="requests"
      />
    </>
  );
}
