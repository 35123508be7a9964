import { z } from "zod";

/**
 * What Postgres can store exactly as it was sent. Every text and JSON value that enters Steward
 * (tRPC inputs and telemetry events alike) is checked against these rules at the door, so a value
 * the database would refuse, or silently alter, is refused with its field named instead of
 * failing a statement (and a whole batch) later.
 */
export const storableLimits = {
  /** Nesting of objects and arrays in a JSON value; Postgres parses jsonb recursively. */
  maxJsonDepth: 64,
  /** Timestamps: four-digit years, well inside what timestamptz holds. */
  minYear: 1,
  maxYear: 9999,
} as const;

// A high surrogate not followed by a low one, or a low one not preceded by a high one: UTF-8
// cannot encode it, so Postgres refuses the whole value.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as sent, or null. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (loneSurrogate.test(value)) {
    return "contains a lone UTF-16 surrogate, which is not valid Unicode";
  }
  return null;
}

export type ValueProblem = { path: (string | number)[]; message: string };

/**
 * The first part of a JSON value that cannot be stored as sent: a bad string or key, a number
 * JSON cannot carry (NaN, ±Infinity, which JSON.parse makes of 1e400), a value that is not JSON
 * at all, or nesting deeper than the bound. Walks with an explicit stack, so a hostile depth
 * costs a loop, not the call stack; the path is built only for the part at fault, so a clean
 * value of a quarter megabyte costs one pass and no garbage per element.
 */
export function jsonProblem(
  root: unknown,
  { depthOnly = false }: { depthOnly?: boolean } = {},
): ValueProblem | null {
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: null }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, depth } = frame;
    const fail = (message: string, key?: string) => ({
      path: key === undefined ? pathTo(frame) : [...pathTo(frame), key],
      message,
    });
    if (depth > storableLimits.maxJsonDepth) {
      return fail(`nested deeper than ${storableLimits.maxJsonDepth} levels`);
    }
    if (depthOnly && (value === null || typeof value !== "object")) continue;
    switch (typeof value) {
      case "undefined":
        // JSON.stringify leaves it out of an object (and writes null in an array).
        continue;
      case "string": {
        const problem = textProblem(value);
        if (problem) return fail(problem);
        continue;
      }
      case "number":
        if (!Number.isFinite(value)) return fail("not a finite number");
        continue;
      case "boolean":
        continue;
      case "object": {
        // A Date is written as its ISO string, which the timestamp rule then checks.
        if (value === null || value instanceof Date) continue;
        if (Array.isArray(value)) {
          for (let index = 0; index < value.length; index++) {
            const item: unknown = value[index];
            if (isSoundLeaf(item)) continue;
            stack.push({ value: item, depth: depth + 1, parent: frame, key: index });
          }
          continue;
        }
        if (!isPlainObject(value)) return fail("not a JSON value");
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          const problem = textProblem(key);
          if (problem) return fail(`key ${problem}`, key);
          const item = value[key];
          if (isSoundLeaf(item)) continue;
          stack.push({ value: item, depth: depth + 1, parent: frame, key });
        }
        continue;
      }
      default:
        return fail("not a JSON value");
    }
  }
  return null;
}

/** A leaf that needs no frame of its own: checked here, in the loop over its container. */
function isSoundLeaf(item: unknown): boolean {
  switch (typeof item) {
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(item);
    case "string":
      return textProblem(item) === null;
    case "undefined":
      return true;
    default:
      return item === null;
  }
}

type Frame = { value: unknown; depth: number; parent: Frame | null; key: string | number | null };

function pathTo(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Frame | null = frame; at && at.key !== null; at = at.parent) path.push(at.key);
  return path.reverse();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** UTF-8 bytes of a value's JSON: what a body limit, and Postgres, count. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value ?? null));
}

/** UTF-8 length of a string, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      // A pair is two UTF-16 units and four UTF-8 bytes.
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        index++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** Text that Postgres stores exactly as sent. */
export function storableText() {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

function addJsonIssues(value: unknown, ctx: z.RefinementCtx, maxBytes: number) {
  const problem = jsonProblem(value);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
    return;
  }
  const bytes = jsonBytes(value);
  if (bytes > maxBytes)
    ctx.addIssue({ code: "custom", message: `${bytes} bytes of JSON; at most ${maxBytes}` });
}

/**
 * Any JSON value, kept exactly as sent: keys are data, so `__proto__`, `constructor` and
 * `prototype` are stored and returned like any other (the value passes through untouched; it
 * is never copied key by key, which would turn `__proto__` into a prototype).
 */
export function storableJson(maxBytes: number) {
  return z
    .unknown()
    .refine((value) => value !== undefined, "required")
    .superRefine((value, ctx) => addJsonIssues(value, ctx, maxBytes));
}

/** A JSON object, kept exactly as sent (see storableJson). */
export function storableJsonObject(maxBytes: number) {
  return z
    .custom<Record<string, unknown>>((value) => isPlainObject(value), "expected a JSON object")
    .superRefine((value, ctx) => addJsonIssues(value, ctx, maxBytes));
}

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * What a timestamp may be before it is checked for range: an ISO 8601 date-time with `Z` or an
 * offset (what JSON carries), or a Date for callers in-process. A failure here stops the parse
 * of the enclosing object, so no object-level rule ever sees a string where a date belongs.
 */
export const timestampValue = z.custom<Date | string>(
  (value) => value instanceof Date || isoDateTime.safeParse(value).success,
  {
    error: "expected an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z",
    abort: true,
  },
);

/**
 * A moment in time (see timestampValue). Numbers, booleans and null are refused rather than
 * read as 1970, and years outside 1–9999 rather than failing in Postgres.
 */
export const timestamp = timestampValue.transform((value, ctx) => {
  const date = typeof value === "string" ? new Date(value) : value;
  const year = date.getUTCFullYear();
  if (
    Number.isNaN(date.getTime()) ||
    year < storableLimits.minYear ||
    year > storableLimits.maxYear
  ) {
    ctx.addIssue({
      code: "custom",
      message: `not a date between the years ${storableLimits.minYear} and ${storableLimits.maxYear}`,
      continue: false,
    });
    return z.NEVER;
  }
  return date;
});
