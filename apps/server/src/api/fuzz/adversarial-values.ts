import { randomUUID } from "node:crypto";
import fc from "fast-check";

/**
 * A value placed into a request as JSON text. `raw` lets a case carry what JSON.stringify
 * cannot write (1e400, which parses as Infinity; nesting deeper than the call stack).
 */
export type JsonPiece = { raw: string } | { value: unknown };

const value = (v: unknown): JsonPiece => ({ value: v });
const raw = (text: string): JsonPiece => ({ raw: text });

const nestedJson = (depth: number) => `${"[".repeat(depth)}0${"]".repeat(depth)}`;
const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

/** Strings Postgres refuses, alters or finds too large, and ones that only look hostile. */
const hostileStrings = [
  "",
  " ",
  "nul\u0000inside",
  "\u0000",
  "lone high \ud800",
  "\udc00 lone low",
  "emoji 🤖 pair",
  "__proto__",
  "constructor",
  "prototype",
  "'; drop table agent.agents; --",
  "x".repeat(201),
  "x".repeat(100_001),
  "€".repeat(90_000),
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "0000-01-01T00:00:00Z",
  "2024-02-30T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00Z",
  "2026-01-01T00:00:00+14:00",
  "not a date",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  cursorOf({ c: "+275760-09-13T00:00:00.000Z", i: randomUUID() }),
  cursorOf({ c: "2026-01-01T00:00:00Z", i: "not-a-uuid" }),
  cursorOf({ c: 0, i: null }),
  "%%%not-base64",
];

const hostileNumbers = [
  0,
  -1,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 63,
  -(2 ** 63),
  1e15,
  Number.MAX_SAFE_INTEGER,
];

const hostileObjects = [
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: 1 } },
  { prototype: [] },
  { "key\u0000": 1 },
  { "\ud800": "lone surrogate key" },
  { nested: { value: "\u0000" } },
  Array.from({ length: 1_000 }, (_, i) => i),
  {},
  [],
];

/**
 * The values every field of every procedure receives at least once (the random part explores
 * around them): each is something Postgres refuses or would silently alter.
 */
export const coreHostilePieces: JsonPiece[] = [
  value("nul\u0000inside"),
  value("lone \ud800 surrogate"),
  value("+275760-09-13T00:00:00.000Z"),
  value(1e308),
  value(JSON.parse('{"__proto__":{"polluted":true},"constructor":1}')),
  raw("1e400"),
  raw(nestedJson(5_000)),
];

/** One hostile JSON piece: a string, number, structure, or a literal JSON text. */
export const hostilePiece: fc.Arbitrary<JsonPiece> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings).map(value) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileNumbers).map(value) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileObjects).map(value) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false).map(value) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      raw("1e400"),
      raw("-1e400"),
      raw("123456789012345678901234567890"),
      raw(nestedJson(100)),
      raw(nestedJson(3_000)),
      raw(nestedJson(20_000)),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({
        unit: fc.constantFrom("a", " ", "\u0000", "\ud800", "\udfff", "é", "🤖", '"', "\\"),
        maxLength: 40,
      })
      .map(value),
  },
  { weight: 1, arbitrary: fc.double().map(value) },
);

/** A path into an object: where a hostile piece goes. */
export type Mutation =
  | { path: string[]; piece: JsonPiece }
  | { extraField: string; piece: JsonPiece };

/**
 * Writes `base` as JSON text with the mutation applied. Hostile raw pieces are spliced into
 * the text after serialization, so the request carries exactly them.
 */
export function mutatedJson(base: unknown, mutation: Mutation | null): string {
  if (mutation === null) return JSON.stringify(base ?? {});
  const marker = `__fuzz_${randomUUID()}__`;
  const copy = structuredClone(base ?? {}) as Record<string, unknown>;
  if ("extraField" in mutation) {
    copy[mutation.extraField] = marker;
  } else if (mutation.path.length === 0) {
    return pieceText(mutation.piece);
  } else {
    let target: Record<string, unknown> = copy;
    for (const key of mutation.path.slice(0, -1)) {
      const next = target[key];
      if (next === null || typeof next !== "object") target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[mutation.path.at(-1) as string] = marker;
  }
  return JSON.stringify(copy).replace(JSON.stringify(marker), pieceText(mutation.piece));
}

function pieceText(piece: JsonPiece): string {
  return "raw" in piece ? piece.raw : JSON.stringify(piece.value ?? null);
}

/** Every path to a leaf of a JSON-like value: the fields a mutation may replace. */
export function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || prefix.length > 4) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [prefix];
  return [prefix, ...entries.flatMap(([key, inner]) => leafPaths(inner, [...prefix, key]))];
}
