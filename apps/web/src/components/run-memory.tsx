import { useInfiniteQuery } from "@tanstack/react-query";
import { formatTime } from "../lib/format";
import { useTRPC } from "../trpc";
import { EmptyState } from "./empty-state";
import { ErrorNote } from "./error-note";
import { JsonView } from "./json-view";
import { LoadMore } from "./load-more";

/** What a run learned: its memory records, newest first, a page at a time. */
export function RunMemory({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const records = useInfiniteQuery(
    trpc.memoryRecords.list.infiniteQueryOptions(
      { runId },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  if (records.isPending) return <p className="muted">Loading memory…</p>;
  if (records.error && !records.data) return <ErrorNote error={records.error} />;
  const items = records.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) {
    return (
      <EmptyState title="No memory records">
        <p>
          Agents record what they learn (insights, failures, decisions, constraints) with a{" "}
          <code>memory.recorded</code> event or <code>memoryRecords.create</code>; this run has none
          yet.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="cards">
        {items.map((record) => (
          <li key={record.id} className="card">
            <div className="card-head">
              <span className={`badge kind-${record.kind}`}>{record.kind}</span>
              {record.phase ? <span className="muted">{record.phase}</span> : null}
              <span className="muted">{formatTime(record.createdAt)}</span>
            </div>
            <p className="long-text">{record.content}</p>
            {record.metadata && Object.keys(record.metadata).length > 0 ? (
              <JsonView value={record.metadata} openDepth={0} />
            ) : null}
          </li>
        ))}
      </ul>
      {records.isFetchNextPageError ? <ErrorNote error={records.error} /> : null}
      <LoadMore
        hasNextPage={records.hasNextPage}
        isFetchingNextPage={records.isFetchingNextPage}
        fetchNextPage={records.fetchNextPage}
        what="memory records"
      />
    </>
  );
}
