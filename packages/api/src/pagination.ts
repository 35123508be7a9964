import type { PageAfter } from "@steward/db";
import { z } from "zod";

export const maxPageSize = 100;

const cursorPayload = z.object({ c: z.iso.datetime(), i: z.uuid() });

/** An opaque cursor, decoded while the input is validated so a bad one names the `cursor` field. */
export const cursor = z
  .string()
  .max(200)
  .transform((value, ctx): PageAfter => {
    try {
      const payload = cursorPayload.parse(
        JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
      );
      return { createdAt: new Date(payload.c), id: payload.i };
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

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<T extends { createdAt: Date; id: string }>(
  rows: T[],
  limit: number,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ c: last.createdAt.toISOString(), i: last.id })).toString(
          "base64url",
        )
      : null;
  return { items, nextCursor };
}
