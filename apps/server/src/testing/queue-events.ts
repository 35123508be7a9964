import { randomUUID } from "node:crypto";
import { type Database, enqueueEvents } from "@steward/db";

/**
 * Puts `count` events straight in a workspace's inbox, behind the server's back: what admission
 * and status see waiting, with payloads no worker here will read.
 */
export function queueEventsDirectly(db: Database, workspaceId: string, count: number) {
  return enqueueEvents(db, {
    workspaceId,
    events: Array.from({ length: count }, () => ({
      eventId: randomUUID(),
      eventType: "invocation.started",
      payload: {},
    })),
  });
}
