import { z } from "zod";

// Bounds every procedure shares, so no input can be unboundedly large.
export const maxNameLength = 200;
export const maxTextLength = 100_000;
export const maxJsonBytes = 256 * 1024;

export const id = z.uuid();
export const name = z.string().trim().min(1).max(maxNameLength);
export const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");
export const shortText = z.string().max(1_000);
export const longText = z.string().max(maxTextLength);

/** Any JSON value, at most maxJsonBytes when serialized. */
export const json = z
  .unknown()
  .refine((value) => value !== undefined, "required")
  .refine(
    (value) => JSON.stringify(value ?? null).length <= maxJsonBytes,
    `at most ${maxJsonBytes} bytes of JSON`,
  );

export const jsonObject = z
  .record(z.string().max(200), z.unknown())
  .refine((value) => JSON.stringify(value).length <= maxJsonBytes, `at most ${maxJsonBytes} bytes`);

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
