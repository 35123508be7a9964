import { z } from "zod";

/**
 * One event of `live.changes`: what changed in the caller's workspace since the previous event.
 * `runIds` names the runs whose invocations, steps, tool calls, memory or approvals changed;
 * `all` says more changed than could be named, so everything shown may be stale. `traces` is an
 * invocation of no run, `approvals` the questions, `ingest` the inbox and dead letters.
 */
export const liveChange = z
  .object({
    at: z.iso.datetime(),
    runIds: z.array(z.uuid()),
    all: z.boolean(),
    traces: z.boolean(),
    approvals: z.boolean(),
    ingest: z.boolean(),
  })
  .meta({ id: "LiveChange" });

export type LiveChange = z.infer<typeof liveChange>;
