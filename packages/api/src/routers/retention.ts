import { readTelemetryRetention, setTelemetryRetention } from "@steward/db";
import { z } from "zod";
import { notFound } from "../errors";
import { adminProcedure, router } from "../trpc";

const retentionSetting = z.object({
  /** Days finished telemetry is kept after it ends; null keeps it for ever (the default). */
  telemetryRetentionDays: z.number().int().min(1).max(36_500).nullable(),
});

function settingOf(outcome: { outcome: "done"; days: number | null } | { outcome: "missing" }) {
  if (outcome.outcome === "missing") throw notFound("Workspace", "workspace");
  return { telemetryRetentionDays: outcome.days };
}

/**
 * The workspace's telemetry retention: finished runs and top-level invocations (whole, with
 * their steps, tool calls and records), metrics and project checkpoints older than this many
 * days are deleted by the worker.
 */
export const retentionRouter = router({
  get: adminProcedure
    .output(retentionSetting)
    .query(async ({ ctx }) =>
      settingOf(await readTelemetryRetention(ctx.db, { workspaceId: ctx.workspaceId })),
    ),

  set: adminProcedure
    .output(retentionSetting)
    .input(retentionSetting)
    .mutation(async ({ ctx, input }) =>
      settingOf(
        await setTelemetryRetention(ctx.db, {
          workspaceId: ctx.workspaceId,
          days: input.telemetryRetentionDays,
        }),
      ),
    ),
});
