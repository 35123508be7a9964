import type { TimeRange } from "@steward/db";
import type { z } from "zod";
import { timestamp } from "../inputs";

/** A list's window on its order's time: `from` included, `to` not, either open. */
export const timeRangeInput = { from: timestamp.optional(), to: timestamp.optional() };

/** Refuses a window that ends before it starts, naming `to`. */
export function requireToAfterFrom(range: TimeRange, ctx: z.RefinementCtx, path = "to") {
  // Runs even when a date was refused; only two dates can be out of order.
  if (range.from instanceof Date && range.to instanceof Date && range.to <= range.from) {
    ctx.addIssue({
      code: "custom",
      path: [path],
      message: "must be after from: the range is [from, to)",
    });
  }
}
