import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "wouter";
import type { AnswerOutcome } from "../components/answer-form";
import { ApprovalItem } from "../components/approval-item";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { useCanWrite } from "../components/read-only-note";
import { describeResponse } from "../lib/cta";
import { useTRPC } from "../trpc";

type Show = "pending" | "answered";

/**
 * Questions agents put to a human, across runs: those waiting, newest first, answered in place;
 * and those answered, with who answered, when and what. Live changes refresh both lists.
 */
export function ApprovalsPage() {
  const [params, setParams] = useSearchParams();
  const show: Show = params.get("show") === "answered" ? "answered" : "pending";
  // The latest few outcomes: an answered or refused question leaves the list, so it is told here.
  const [outcomes, setOutcomes] = useState<AnswerOutcome[]>([]);
  const record = (outcome: AnswerOutcome) =>
    setOutcomes((all) =>
      [outcome, ...all.filter((other) => other.event.id !== outcome.event.id)].slice(0, 5),
    );
  const dismiss = (id: string) =>
    setOutcomes((all) => all.filter((other) => other.event.id !== id));

  return (
    <section>
      <h1>Approvals</h1>
      <fieldset className="segmented">
        <legend className="visually-hidden">Show</legend>
        {(["pending", "answered"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={show === option}
            onClick={() => setParams(option === "pending" ? {} : { show: option })}
          >
            {option === "pending" ? "Waiting" : "Answered"}
          </button>
        ))}
      </fieldset>
      {outcomes.map((outcome) => (
        <div key={outcome.event.id} className={outcome.answered ? "notice" : "refusal"}>
          {outcome.answered ? (
            <p role="status">
              Answered “{truncate(outcome.event.prompt)}”:{" "}
              {describeResponse(outcome.event.response)}
            </p>
          ) : (
            <>
              <p>
                Your answer to “<strong>{truncate(outcome.event.prompt)}</strong>” was not recorded;
                the list now shows where the question stands.
              </p>
              <ErrorNote error={outcome.error} />
            </>
          )}
          <button type="button" onClick={() => dismiss(outcome.event.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {show === "pending" ? <Waiting onOutcome={record} /> : <Answered />}
    </section>
  );
}

function Waiting({ onOutcome }: { onOutcome: (outcome: AnswerOutcome) => void }) {
  const trpc = useTRPC();
  const canAnswer = useCanWrite();
  const pending = useInfiniteQuery(
    trpc.ctaEvents.listPending.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  if (pending.isPending) return <p className="loading">Loading questions…</p>;
  if (!pending.data) return <ErrorNote error={pending.error} />;
  const events = pending.data.pages.flatMap((page) => page.items);
  if (events.length === 0) {
    return (
      <EmptyState title="Nothing is waiting for an answer">
        <p>
          When an agent asks for an approval, a choice or a written answer, the question appears
          here as it is raised. Answered ones are under <em>Answered</em>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="approvals">
        {events.map((event) => (
          <ApprovalItem key={event.id} event={event} onOutcome={canAnswer ? onOutcome : null} />
        ))}
      </ul>
      {pending.error ? <ErrorNote error={pending.error} /> : null}
      <LoadMore {...pending} what="questions" />
    </>
  );
}

function Answered() {
  const trpc = useTRPC();
  const answered = useInfiniteQuery(
    trpc.ctaEvents.list.infiniteQueryOptions(
      { status: "answered", limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  if (answered.isPending) return <p className="loading">Loading answered questions…</p>;
  if (!answered.data) return <ErrorNote error={answered.error} />;
  const events = answered.data.pages.flatMap((page) => page.items);
  if (events.length === 0) {
    return (
      <EmptyState title="No answered questions yet">
        <p>
          Questions answered from <em>Waiting</em>, or by any client through the API, are listed
          here with who answered, when and what.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="approvals">
        {events.map((event) => (
          <ApprovalItem key={event.id} event={event} onOutcome={null} />
        ))}
      </ul>
      {answered.error ? <ErrorNote error={answered.error} /> : null}
      <LoadMore {...answered} what="answered questions" />
    </>
  );
}

function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
