import { storableJson, storableJsonObject, storableText, timestamp } from "@steward/events";
import { z } from "zod";

// Bounds every procedure shares, so no input can be unboundedly large.
export const maxNameLength = 200;
export const maxTextLength = 100_000;
export const maxJsonBytes = 256 * 1024;

export const id = z.uuid();
/** Free text: every string input starts here, so none can carry what Postgres refuses. */
export const text = storableText;
export const name = text().trim().min(1).max(maxNameLength);
export const slug = text()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");
export const shortText = text().max(1_000);
export const longText = text().max(maxTextLength);
export { timestamp };

/** Any JSON value, at most maxJsonBytes (UTF-8) when serialized, stored exactly as sent. */
export const json = storableJson(maxJsonBytes);

/** A JSON object, at most maxJsonBytes, stored exactly as sent. */
export const jsonObject = storableJsonObject(maxJsonBytes);

export const byId = z.object({ id });

/**
 * An update's input: the row's id and the fields it may change, at least one of them given, so
 * an update never reaches the database with nothing to set.
 */
export function updateInput<Changes extends z.ZodRawShape>(changes: Changes) {
  const fields = Object.keys(changes);
  return z
    .object({ id })
    .extend(changes)
    .refine(
      (input) => fields.some((field) => (input as Record<string, unknown>)[field] !== undefined),
      { message: `give at least one field to change (${fields.join(", ")})` },
    );
}
