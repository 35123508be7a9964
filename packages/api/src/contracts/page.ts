import { z } from "zod";

/** One page of a list: what `toPage` answers, with the cursor of the next page or null. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The answer of a removal: found() refuses a missing row, so `removed` is true when it answers. */
export const removal = z.object({ removed: z.boolean() });
