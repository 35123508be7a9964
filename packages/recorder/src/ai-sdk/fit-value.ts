import { ingestLimits } from "@steward/events";

/**
 * Model output has no size limit and the contract does, and a step the server would reject is
 * a step lost; so the integration shrinks what it sends instead of failing the agent's call.
 * These budgets keep a step (text + reasoning) and a tool call (input + output) under the
 * per-event bound, with room for the other fields.
 */
export const textBudget = 120_000;
export const jsonBudget = 64 * 1024;

/** A contract text field: at most `maxTextLength` characters and `budget` as JSON. */
export function fitText(value: unknown, budget = textBudget): string | null {
  if (typeof value !== "string") return null;
  let text = cutText(withoutNul(value), ingestLimits.maxTextLength);
  if (text.length === 0) return null;
  for (let length = JSON.stringify(text).length; length > budget; ) {
    text = cutText(text, Math.floor((text.length * budget) / length) - 1);
    length = JSON.stringify(text).length;
  }
  return text;
}

/** A contract label: trimmed, at most `maxNameLength` characters, null when empty. */
export function fitLabel(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const label = cutText(withoutNul(value).trim(), ingestLimits.maxNameLength).trim();
  return label.length > 0 ? label : null;
}

/**
 * A JSON value that fits `budget` characters when serialized; a larger one becomes a marked
 * preview, and one that cannot be serialized (a cycle, a BigInt) says so.
 */
export function fitJson(value: unknown, budget = jsonBudget): unknown {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return { unserializable: String(error) };
  }
  if (json === undefined) return undefined;
  if (json.length <= budget) {
    const copy: unknown = JSON.parse(json);
    return json.includes("\\u0000") ? withoutNulDeep(copy) : copy;
  }
  // Escaping the preview at most doubles it (only `"` and `\` gain a character).
  return { truncated: true, length: json.length, preview: cutText(json, budget / 2 - 100) };
}

/** Postgres stores no U+0000 in text or jsonb, so the server refuses it; model output can hold it. */
function withoutNul(text: string): string {
  return text.replaceAll("\u0000", "");
}

function withoutNulDeep(value: unknown): unknown {
  if (typeof value === "string") return withoutNul(value);
  if (Array.isArray(value)) return value.map(withoutNulDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [withoutNul(key), withoutNulDeep(inner)]),
    );
  }
  return value;
}

/** Cuts without leaving half of a surrogate pair, which Postgres refuses in jsonb. */
function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, Math.max(0, length));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
