import type { RejectedEvent } from "@steward/events";
import { parseRetryAfter } from "./backoff";
import type { EncodedEvent } from "./encode-event";

/** What one POST of a batch came to, decided from the status alone where it can be. */
export type BatchOutcome =
  | { kind: "answered"; accepted: string[]; rejected: RejectedEvent[] }
  | { kind: "transient"; reason: string; retryAfterMs: number | null }
  | { kind: "unauthorized"; status: number; reason: string }
  | { kind: "refused"; status: number; reason: string };

/** The JSON body of the ingest envelope, built from the events' stored JSON. */
export function batchBody(batch: readonly EncodedEvent[]): string {
  return `{"v":1,"events":[${batch.map((entry) => entry.json).join(",")}]}`;
}

/** Bytes of the envelope around the events: `{"v":1,"events":[` … `]}`. */
export const envelopeBytes = batchBody([]).length;

export async function postBatch(
  { url, apiKey, fetch }: { url: string; apiKey: string; fetch: typeof globalThis.fetch },
  batch: readonly EncodedEvent[],
): Promise<BatchOutcome> {
  let response: Response;
  try {
    // Appended rather than resolved, so a server mounted under a path prefix keeps it.
    response = await fetch(`${url.replace(/\/+$/, "")}/v1/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: batchBody(batch),
    });
  } catch (error) {
    return { kind: "transient", reason: `network: ${describe(error)}`, retryAfterMs: null };
  }
  const status = response.status;
  if (status === 200) {
    // Re-sending is safe (the server dedupes by eventId), so an unreadable answer is retried.
    const answer = await response.json().catch(() => null);
    if (!isIngestAnswer(answer)) {
      return { kind: "transient", reason: "unreadable 200 answer", retryAfterMs: null };
    }
    return { kind: "answered", accepted: answer.accepted, rejected: answer.rejected };
  }
  const reason = `HTTP ${status}: ${await readProblem(response)}`;
  if (status >= 500 || status === 429 || status === 408) {
    return {
      kind: "transient",
      reason,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    };
  }
  if (status === 401 || status === 403) return { kind: "unauthorized", status, reason };
  return { kind: "refused", status, reason };
}

function isIngestAnswer(
  value: unknown,
): value is { accepted: string[]; rejected: RejectedEvent[] } {
  const answer = value as { accepted?: unknown; rejected?: unknown } | null;
  return Array.isArray(answer?.accepted) && Array.isArray(answer?.rejected);
}

async function readProblem(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {}
  return text.slice(0, 200) || response.statusText;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
