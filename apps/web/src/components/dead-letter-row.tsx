import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DeadLetter } from "../lib/api-types";
import { useTRPC } from "../trpc";
import { JsonView } from "./json-view";
import { TimeAgo } from "./time-ago";

/** What became of a "Send back": the API's answer, kept by the page since the row may leave. */
export type SendBackOutcome =
  | { eventId: string; sent: true; eventType: string; previousReason: string }
  | { eventId: string; sent: false; error: unknown };

/** One event the worker gave up on: why, when, its payload, and (with `write`) sending it back. */
export function DeadLetterRow({
  letter,
  canSendBack,
  onOutcome,
}: {
  letter: DeadLetter;
  canSendBack: boolean;
  onOutcome: (outcome: SendBackOutcome) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sendBack = useMutation(
    trpc.ingest.retryDeadLetter.mutationOptions({
      onSuccess: (requeued) => onOutcome({ ...requeued, sent: true }),
      onError: (error) => onOutcome({ eventId: letter.eventId, sent: false, error }),
      // Sent back, or gone meanwhile: either way the list and the counts have moved.
      onSettled: () => queryClient.invalidateQueries(trpc.ingest.pathFilter()),
    }),
  );
  return (
    <tr data-testid="dead-letter">
      <th scope="row" id={`dead-letter-${letter.eventId}`}>
        <code>{letter.eventType}</code>
      </th>
      <td className="wrap reason">{letter.reason}</td>
      <td className="num">{letter.attempts}</td>
      <td>
        <TimeAgo iso={letter.deadAt} />
      </td>
      <td>
        <TimeAgo iso={letter.receivedAt} />
      </td>
      <td className="wrap">
        <details>
          <summary>
            <code title={letter.eventId}>{letter.eventId.slice(0, 8)}</code>
          </summary>
          <JsonView value={letter.payload} openDepth={1} />
        </details>
      </td>
      {canSendBack ? (
        <td>
          <button
            type="button"
            disabled={sendBack.isPending}
            onClick={() => sendBack.mutate({ eventId: letter.eventId })}
            aria-describedby={`dead-letter-${letter.eventId}`}
          >
            Send back
          </button>
        </td>
      ) : null}
    </tr>
  );
}
