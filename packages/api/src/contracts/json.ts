import { isPlainObject } from "@steward/events";
import { z } from "zod";

/**
 * Any JSON value as stored. Answers pass it through untouched: a key such as `__proto__` is data
 * and is returned as sent, which parsing an object key by key would not do.
 */
export const jsonValue = z.unknown();

/** A JSON object as stored, passed through untouched like `jsonValue`. */
export const jsonObject = z.custom<Record<string, unknown>>(
  isPlainObject,
  "expected a JSON object",
);
