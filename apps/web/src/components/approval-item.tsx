import { Link } from "wouter";
import type { CtaEvent } from "../lib/api-types";
import { kindLabels, readAnswer } from "../lib/cta";
import { formatTime } from "../lib/format";
import { AnswerForm, type AnswerOutcome } from "./answer-form";
import { ReadOnlyNote } from "./read-only-note";
import { TimeAgo } from "./time-ago";
import { UserName } from "./user-name";

/** One question put to a human: what it asks, where from, and its answer or the controls to give one. */
export function ApprovalItem({
  event,
  onOutcome,
}: {
  event: CtaEvent;
  /** How an answer is reported; without it (no `write` scope) the controls are not offered. */
  onOutcome: ((outcome: AnswerOutcome) => void) | null;
}) {
  return (
    <li className="approval" data-testid="approval" data-status={event.status}>
      <div className="approval-meta">
        <span className={`badge kind-${event.kind}`}>{kindLabels[event.kind]}</span>
        {event.status !== "pending" ? (
          <span className={`badge status-${event.status}`}>{event.status}</span>
        ) : null}
        <Origin event={event} />
        <span className="muted">
          asked <TimeAgo iso={event.createdAt} />
        </span>
        {event.status === "pending" && event.expiresAt ? (
          <span className="muted">
            expires <TimeAgo iso={event.expiresAt} />
          </span>
        ) : null}
      </div>
      <p className="approval-prompt">{event.prompt}</p>
      {event.status === "pending" ? (
        onOutcome ? (
          <AnswerForm event={event} onOutcome={onOutcome} />
        ) : (
          <ReadOnlyNote action="answer" />
        )
      ) : (
        <Outcome event={event} />
      )}
    </li>
  );
}

/** The run the question came from, or the trace of an invocation outside any run. */
function Origin({ event }: { event: CtaEvent }) {
  if (event.runId) {
    return (
      <Link href={`/runs/${event.runId}`} title={event.runId}>
        run {event.runId.slice(0, 8)}
      </Link>
    );
  }
  if (event.invocationId) {
    return (
      <Link href={`/traces/${event.invocationId}`} title={event.invocationId}>
        trace {event.invocationId.slice(0, 8)}
      </Link>
    );
  }
  return <span className="muted">no run</span>;
}

function Outcome({ event }: { event: CtaEvent }) {
  if (event.status !== "answered") {
    return (
      <p className="muted">
        {event.status === "expired" ? "Expired" : "Cancelled"} without an answer{" "}
        <TimeAgo iso={event.updatedAt} />.
      </p>
    );
  }
  const answer = readAnswer(event.response);
  const tone = answer.approved === null ? "text" : answer.approved ? "ok" : "denied";
  return (
    <dl className="outcome">
      <dt>Answer</dt>
      <dd className={`answer-${tone}`}>{answer.summary}</dd>
      {answer.note !== null ? (
        <>
          <dt>Note</dt>
          <dd className="answer-text">{answer.note}</dd>
        </>
      ) : null}
      <dt>By</dt>
      <dd>
        <UserName userId={event.answeredBy} />
      </dd>
      <dt>When</dt>
      <dd>
        {formatTime(event.answeredAt)} (<TimeAgo iso={event.answeredAt} />)
      </dd>
    </dl>
  );
}
