import type { PageAfter } from "@steward/db";
import { timestamp } from "@steward/events";
import { z } from "zod";

export const maxPageSize = 100;

const cursorPayload = z.object({ c: timestamp, i: z.uuid() });

/** An opaque cursor, decoded while the input is validated so a bad one names the `cursor` field. */
export const cursor = z
  .string()
  .max(200)
  .transform((value, ctx): PageAfter => {
    try {
      const payload = cursorPayload.parse(
        JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
      );
      return { createdAt: payload.c, id: payload.i };
    } catch {
      ctx.addIssue({ code: "custom", message: "not a cursor this API returned" });
      return z.NEVER;
    }
  });

export const pageInput = {
  limit: z.number().int().min(1).max(maxPageSize).default(50),
  cursor: cursor.optional(),
};

export type Page<T> = { items: T[]; nextCursor: string | null };

type Keyed = { createdAt: Date; id: string };

/**
 * Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. Rows
 * ordered by other columns say which through `keyOf`.
 */
export function toPage<T extends Keyed>(rows: T[], limit: number): Page<T>;
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Keyed): Page<T>;
export function toPage<T>(rows: T[], limit: number, keyOf?: (row: T) => Keyed): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const key = last === undefined ? undefined : keyOf ? keyOf(last) : (last as unknown as Keyed);
  const nextCursor =
    rows.length > limit && key
      ? Buffer.from(JSON.stringify({ c: key.createdAt.toISOString(), i: key.id })).toString(
          "base64url",
        )
      : null;
  return { items, nextCursor };
}
