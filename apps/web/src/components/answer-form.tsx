import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { type FormEvent, useId, useState } from "react";
import type { CtaEvent } from "../lib/api-types";
import { useTRPC } from "../trpc";
import { ErrorNote } from "./error-note";

/**
 * Whether the API refused because the question is no longer open: someone answered it
 * meanwhile, it expired or was cancelled. Such a refusal outlives the form, which leaves the
 * list once the list is refreshed.
 */
export function isClosedRefusal(error: unknown): boolean {
  if (!isTRPCClientError(error)) return false;
  const data = error.data as { appCode?: string | null; code?: string } | undefined;
  return (
    data?.appCode === "INVALID_STATE" || data?.appCode === "CONFLICT" || data?.code === "NOT_FOUND"
  );
}

/**
 * What became of an answer, for the page to report: the question leaves the waiting list
 * either way, taking this form with it.
 */
export type AnswerOutcome =
  | { event: CtaEvent; answered: true }
  | { event: CtaEvent; answered: false; error: unknown };

/**
 * The controls that answer one pending question, by its kind: Approve / Deny, a text, or one
 * of the offered options. The answer is sent exactly as `ctaEvents.answer` takes it.
 */
export function AnswerForm({
  event,
  onOutcome,
}: {
  event: CtaEvent;
  onOutcome: (outcome: AnswerOutcome) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const answer = useMutation(
    trpc.ctaEvents.answer.mutationOptions({
      onSuccess: (answered) => onOutcome({ event: answered, answered: true }),
      onError: (error) => {
        if (isClosedRefusal(error)) onOutcome({ event, answered: false, error });
      },
      // Either way the list is out of date: answered here, or changed by someone else.
      onSettled: () => queryClient.invalidateQueries(trpc.ctaEvents.pathFilter()),
    }),
  );
  const send = (response: Record<string, unknown>) => answer.mutate({ id: event.id, response });
  const busy = answer.isPending;

  return (
    <div className="answer">
      {event.kind === "approval" ? (
        <ApprovalAnswer busy={busy} onSend={send} />
      ) : event.kind === "text" ? (
        <TextAnswer busy={busy} onSend={(text) => send({ text })} />
      ) : (
        <ChoiceAnswer
          busy={busy}
          options={event.options ?? []}
          onSend={(choice) => send({ choice })}
        />
      )}
      {answer.error && !isClosedRefusal(answer.error) ? <ErrorNote error={answer.error} /> : null}
    </div>
  );
}

/** The API refuses a longer answer or note; saying so in the control spares a refused request. */
const maxAnswerLength = 10_000;

/** Approve or Deny, with a note the agent reads beside the decision when one is written. */
function ApprovalAnswer({
  busy,
  onSend,
}: {
  busy: boolean;
  onSend: (response: { approved: boolean; note?: string }) => void;
}) {
  const id = useId();
  const [note, setNote] = useState("");
  const decide = (approved: boolean) =>
    onSend(note.trim() === "" ? { approved } : { approved, note: note.trim() });
  return (
    <div className="answer-form">
      <label htmlFor={id}>Note (optional)</label>
      <textarea
        id={id}
        rows={2}
        maxLength={maxAnswerLength}
        value={note}
        onChange={(change) => setNote(change.target.value)}
      />
      <div className="answer-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => decide(true)}>
          Approve
        </button>
        <button type="button" disabled={busy} onClick={() => decide(false)}>
          Deny
        </button>
      </div>
    </div>
  );
}

function TextAnswer({ busy, onSend }: { busy: boolean; onSend: (text: string) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== "") onSend(text.trim());
  };
  return (
    <form className="answer-form" onSubmit={submit}>
      <label htmlFor={id}>Your answer</label>
      <textarea
        id={id}
        rows={3}
        maxLength={maxAnswerLength}
        value={text}
        onChange={(change) => setText(change.target.value)}
        required
      />
      <div className="answer-actions">
        <button type="submit" className="primary" disabled={busy || text.trim() === ""}>
          Send answer
        </button>
      </div>
    </form>
  );
}

function ChoiceAnswer({
  busy,
  options,
  onSend,
}: {
  busy: boolean;
  options: string[];
  onSend: (choice: string) => void;
}) {
  const name = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice !== null) onSend(choice);
  };
  return (
    <form className="answer-form" onSubmit={submit}>
      <fieldset>
        <legend>Choose one</legend>
        {options.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={name}
              value={option}
              checked={choice === option}
              onChange={() => setChoice(option)}
            />
            {option}
          </label>
        ))}
      </fieldset>
      <div className="answer-actions">
        <button type="submit" className="primary" disabled={busy || choice === null}>
          Send answer
        </button>
      </div>
    </form>
  );
}
