import { type ApiLogger, acceptEvents } from "@steward/api";
import type { Database } from "@steward/db";
import { ingestEnvelope, ingestLimits } from "@steward/events";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problem, resolveIngester } from "./ingest-caller";

/**
 * POST /v1/ingest: the same ingestion as the tRPC mutation, as plain JSON for clients in other
 * languages. Body: `{ "v": 1, "events": [...] }`; answer: `{ accepted: [ids], rejected: [...] }`.
 */
export function createIngestRoute({ db, logger }: { db: Database; logger: ApiLogger }) {
  const route = new Hono();
  route.post(
    "/v1/ingest",
    bodyLimit({
      maxSize: ingestLimits.maxBatchBytes,
      onError: (c) =>
        c.json(problem("PAYLOAD_TOO_LARGE", `Body over ${ingestLimits.maxBatchBytes} bytes`), 413),
    }),
    async (c) => {
      const context = await resolveIngester(c, { db, logger });
      if (context instanceof Response) return context;
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json(problem("BAD_REQUEST", "The body is not JSON"), 400);
      }
      const envelope = ingestEnvelope.safeParse(body);
      if (!envelope.success) {
        const fieldErrors = envelope.error.issues.map((issue) => ({
          path: issue.path.map(String).join(".") || "(body)",
          message: issue.message,
        }));
        return c.json({ ...problem("BAD_REQUEST", "Invalid envelope"), fieldErrors }, 400);
      }
      const result = await acceptEvents(db, {
        workspaceId: context.auth.workspaceId,
        events: envelope.data.events,
        admit: context.admitEvents,
      });
      context.observeIngest?.({
        accepted: result.accepted.length,
        rejected: result.rejected.length,
      });
      return c.json(result, 200);
    },
  );
  return route;
}
