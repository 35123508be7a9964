import { type TelemetryEvent, validateEvents } from "@steward/events";

type Reply = Response | "network error";

/**
 * A stand-in for `POST /v1/ingest` for tests that need no database: it validates with the
 * real contract and answers like the server, unless a test scripted the next replies.
 */
export function createFakeIngest() {
  const accepted: TelemetryEvent[] = [];
  const requests: { url: string; authorization: string | null; events: unknown[] }[] = [];
  const scripted: Reply[] = [];

  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { v: number; events: unknown[] };
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(input),
      authorization: headers.get("authorization"),
      events: body.events,
    });
    const next = scripted.shift();
    if (next === "network error") throw new TypeError("fetch failed");
    if (next) return next;
    const result = validateEvents(body.events);
    accepted.push(...result.accepted);
    return Response.json({
      accepted: result.accepted.map((event) => event.eventId),
      rejected: result.rejected,
    });
  }) as typeof globalThis.fetch;

  return {
    fetch,
    accepted,
    requests,
    /** The next requests get these replies, in order, before normal answers resume. */
    replyNext(...replies: Reply[]) {
      scripted.push(...replies);
    },
  };
}
