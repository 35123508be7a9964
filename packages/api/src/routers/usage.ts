import { agentType, summarizeUsage, type UsageRow, usageDimensions } from "@steward/db";
import { z } from "zod";
import { usd } from "../contracts/money";
import { timestamp } from "../inputs";
import { readProcedure, router } from "../trpc";

const dayMs = 86_400_000;
export const maxUsageDays = 366;

const dimension = z.enum(usageDimensions);

/** Usage is kept per UTC day, so a window is whole days: it starts and ends at midnight UTC. */
const dayStart = timestamp.refine((date) => date.getTime() % dayMs === 0, {
  message: "must be the start of a UTC day, e.g. 2026-01-31T00:00:00Z",
});

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

const tokens = z.number().int().min(0);

/** One group: the keys of the dimensions asked for, then the sums. */
const usageGroup = z
  .object({
    day: z.string().optional().meta({ description: "The UTC day, YYYY-MM-DD" }),
    model: z.string().nullable().optional(),
    /** Null for agents of other frameworks (recorded over OTLP), which have no Steward type. */
    agentType: z.enum(agentType.enumValues).nullable().optional(),
    agentId: z.string().meta({ format: "uuid" }).nullable().optional(),
    inputTokens: tokens,
    outputTokens: tokens,
    totalTokens: tokens,
    reasoningTokens: tokens,
    cacheReadTokens: tokens,
    cacheWriteTokens: tokens,
    steps: tokens,
    /** The cost of the group's priced steps; null when none of them is priced. */
    costUsd: usd.nullable(),
    /** Steps whose cost is unknown: when any, `costUsd` is only part of the group's cost. */
    unpricedSteps: tokens,
  })
  .meta({ id: "UsageGroup" });

export const usageRouter = router({
  /**
   * Tokens (input, output, total, reasoning, cache read and write), steps and cost of the steps
   * that finished in [from, to), per UTC day, per model, per agent (type and definition), or any
   * mix of these (`groupBy: ["day", "model"]`), at most a year at a time. Usage is a ledger of
   * spend: deleting a run later does not take back what its steps used or cost.
   */
  tokens: readProcedure
    .output(z.array(usageGroup))
    .input(
      z
        .object({
          from: dayStart,
          to: dayStart,
          groupBy: z.union([
            dimension.transform((one) => [one]),
            z
              .array(dimension)
              .min(1)
              .max(usageDimensions.length)
              .refine((all) => new Set(all).size === all.length, { message: "must be unique" }),
          ]),
        })
        .superRefine((input, ctx) => {
          // Runs even when a date was refused; only two dates have a span to check.
          if (!(input.from instanceof Date && input.to instanceof Date)) return;
          const days = (input.to.getTime() - input.from.getTime()) / dayMs;
          if (days <= 0) {
            ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
          } else if (days > maxUsageDays) {
            ctx.addIssue({
              code: "custom",
              path: ["to"],
              message: `the window is at most ${maxUsageDays} days`,
            });
          }
        }),
    )
    .query(
      async ({ ctx, input }): Promise<UsageRow[]> =>
        summarizeUsage(ctx.db, {
          workspaceId: ctx.workspaceId,
          from: dayOf(input.from),
          to: dayOf(input.to),
          groupBy: input.groupBy,
        }),
    ),
});
