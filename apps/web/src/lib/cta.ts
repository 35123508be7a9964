/** What a question to a human asks for, in words, and what its stored answer said. */

export type CtaKind = "approval" | "text" | "choice";

export const kindLabels: Record<CtaKind, string> = {
  approval: "Approval",
  text: "Free-text question",
  choice: "Choice",
};

/** An answer as a person reads it: the decision or text, and an approval's note if it has one. */
export type ReadAnswer = { summary: string; approved: boolean | null; note: string | null };

/**
 * Reads a stored answer: `{approved, note?}`, `{text}` or `{choice}` by kind. Anything else (an
 * older shape) is shown as JSON rather than hidden.
 */
export function readAnswer(response: unknown): ReadAnswer {
  const plain = (summary: string): ReadAnswer => ({ summary, approved: null, note: null });
  if (response === null || response === undefined) return plain("—");
  if (typeof response === "object" && !Array.isArray(response)) {
    const answer = response as Record<string, unknown>;
    if (typeof answer.approved === "boolean") {
      return {
        summary: answer.approved ? "Approved" : "Denied",
        approved: answer.approved,
        note: typeof answer.note === "string" ? answer.note : null,
      };
    }
    if (typeof answer.text === "string") return plain(answer.text);
    if (typeof answer.choice === "string") return plain(answer.choice);
  }
  return plain(JSON.stringify(response));
}

/** The answer on one line, for a notice. */
export function describeResponse(response: unknown): string {
  const { summary, note } = readAnswer(response);
  return note ? `${summary}: ${note}` : summary;
}
