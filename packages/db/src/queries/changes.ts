import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../database";

/** The channel every Steward process notifies and the server listens on. */
export const changeChannel = "steward_changes";

/**
 * The channel that wakes idle workers: whatever queues events in the inbox notifies it in the
 * same transaction, so the notification leaves at commit, when the events can be claimed.
 */
export const inboxChannel = "steward_inbox";

/**
 * What changed in one workspace, as it travels through NOTIFY: the runs whose invocations,
 * steps, tool calls or records changed (`all` when there were too many to name), whether a
 * trace (an invocation of no run) changed, approvals, and the ingestion inbox.
 */
export const changeNotice = z.object({
  w: z.uuid(),
  runs: z.array(z.uuid()),
  all: z.boolean().optional(),
  traces: z.boolean(),
  approvals: z.boolean(),
  ingest: z.boolean(),
});

export type ChangeNotice = z.infer<typeof changeNotice>;

/** Postgres refuses a payload of 8000 bytes or more; a little room is left below it. */
const maxPayloadBytes = 7900;

/** The payload for `notice`: its run ids dropped for `all: true` when naming them would not fit. */
export function encodeChangeNotice(notice: ChangeNotice): string {
  const payload = JSON.stringify(notice);
  if (Buffer.byteLength(payload, "utf8") < maxPayloadBytes) return payload;
  return JSON.stringify({ ...notice, runs: [], all: true });
}

/** The notice in a payload, or undefined when the payload is not one (anyone may NOTIFY). */
export function parseChangeNotice(payload: string): ChangeNotice | undefined {
  try {
    const parsed = changeNotice.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Notifies listeners of `notices` in one statement. Called inside the transaction that made the
 * changes, the notifications are delivered when it commits, and never when it rolls back.
 */
export async function notifyChanges(db: Database, notices: readonly ChangeNotice[]) {
  if (notices.length === 0) return;
  // The payloads travel as one JSON array, so any number of notices is one parameter.
  const payloads = JSON.stringify(notices.map(encodeChangeNotice));
  await db.execute(
    sql`select pg_notify(${changeChannel}, p) from jsonb_array_elements_text(${payloads}::jsonb) as p`,
  );
}

/** A notice that names only what is given: everything else unchanged. */
export function changeNoticeOf(
  workspaceId: string,
  changed: Partial<Omit<ChangeNotice, "w">>,
): ChangeNotice {
  return {
    w: workspaceId,
    runs: changed.runs ?? [],
    ...(changed.all ? { all: true } : {}),
    traces: changed.traces ?? false,
    approvals: changed.approvals ?? false,
    ingest: changed.ingest ?? false,
  };
}

/** Tells idle workers the inbox has new events; inside a transaction, delivered at its commit. */
export async function notifyInbox(db: Database) {
  await db.execute(sql`select pg_notify(${inboxChannel}, '')`);
}
