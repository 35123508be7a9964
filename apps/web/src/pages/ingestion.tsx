import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { DeadLetterRow, type SendBackOutcome } from "../components/dead-letter-row";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { MinuteBars } from "../components/minute-bars";
import { ReadOnlyNote, useCanWrite } from "../components/read-only-note";
import { TimeAgo } from "../components/time-ago";
import { formatCount, formatTime } from "../lib/format";
import { useTRPC } from "../trpc";

/** The ingestion pipeline at a glance: what waits, what the worker applies, what it gave up on. */
export function IngestionPage() {
  return (
    <section>
      <h1>Ingestion</h1>
      <Stats />
      <DeadLetters />
    </section>
  );
}

function Stats() {
  const trpc = useTRPC();
  // Live changes refresh the figures; the minute refresh moves the chart's window with the clock.
  const stats = useQuery(trpc.ingest.stats.queryOptions(undefined, { refetchInterval: 60_000 }));
  if (stats.isPending) return <p className="loading">Loading inbox figures…</p>;
  if (!stats.data) return <ErrorNote error={stats.error} />;
  const { inboxDepth, oldestPendingAt, appliedPerMinute, deadLetters } = stats.data;
  const applied = appliedPerMinute.reduce((sum, point) => sum + point.events, 0);
  return (
    <>
      {stats.error ? <ErrorNote error={stats.error} /> : null}
      <dl className="stat-cards">
        <div>
          <dt>Inbox depth</dt>
          <dd>{formatCount(inboxDepth)}</dd>
        </div>
        <div>
          <dt>Oldest pending</dt>
          <dd title={formatTime(oldestPendingAt)}>
            {oldestPendingAt ? <TimeAgo iso={oldestPendingAt} /> : "none waiting"}
          </dd>
        </div>
        <div>
          <dt>Applied, last 30 min</dt>
          <dd>{formatCount(applied)}</dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd className={deadLetters > 0 ? "stat-bad" : undefined}>{formatCount(deadLetters)}</dd>
        </div>
      </dl>
      <h2>Applied per minute</h2>
      <MinuteBars points={appliedPerMinute} />
    </>
  );
}

function DeadLetters() {
  const trpc = useTRPC();
  const filterId = useId();
  const canSendBack = useCanWrite();
  const [draft, setDraft] = useState("");
  const [eventType, setEventType] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<SendBackOutcome[]>([]);
  const letters = useInfiniteQuery(
    trpc.ingest.deadLetters.infiniteQueryOptions(
      { limit: 50, ...(eventType && { eventType }) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const record = (outcome: SendBackOutcome) =>
    setOutcomes((all) =>
      [outcome, ...all.filter((other) => other.eventId !== outcome.eventId)].slice(0, 5),
    );
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setEventType(draft.trim() || null);
  };
  const rows = letters.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h2>Dead letters</h2>
      <form className="filters" onSubmit={filter}>
        <label htmlFor={filterId}>
          Event type
          <input
            id={filterId}
            value={draft}
            onChange={(change) => setDraft(change.target.value)}
            placeholder="any"
            spellCheck={false}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {canSendBack ? null : <ReadOnlyNote action="send dead letters back" />}
      {outcomes.map((outcome) =>
        outcome.sent ? (
          <p key={outcome.eventId} className="notice" role="status">
            Sent <code>{outcome.eventType}</code> {outcome.eventId.slice(0, 8)} back to the worker.
            It had died because: {outcome.previousReason}
          </p>
        ) : (
          <div key={outcome.eventId} className="refusal">
            <p>
              Could not send back {outcome.eventId.slice(0, 8)}; the list now shows where it stands.
            </p>
            <ErrorNote error={outcome.error} />
          </div>
        ),
      )}
      {letters.isPending ? (
        <p className="loading">Loading dead letters…</p>
      ) : !letters.data ? (
        <ErrorNote error={letters.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={eventType ? `No dead letters of type ${eventType}` : "No dead letters"}>
          <p>
            {eventType
              ? "Clear the filter to see every event type."
              : "The worker has given up on no event. One it cannot apply (say, a step of an invocation that never arrives) lands here with the reason, and can be sent back once what it waited for exists."}
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="named-rows">
              <caption className="visually-hidden">Dead letters, latest first</caption>
              <thead>
                <tr>
                  <th scope="col">Event type</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Died</th>
                  <th scope="col">Received</th>
                  <th scope="col">Event</th>
                  {canSendBack ? (
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((letter) => (
                  <DeadLetterRow
                    key={letter.eventId}
                    letter={letter}
                    canSendBack={canSendBack}
                    onOutcome={record}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {letters.error ? <ErrorNote error={letters.error} /> : null}
          <LoadMore {...letters} what="dead letters" />
        </>
      )}
    </>
  );
}
