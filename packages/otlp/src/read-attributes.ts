import type { Attributes, AttributeValue, OtlpSpan } from "./read-spans";

/** The first of `keys` holding a string. */
export function readString(attributes: Attributes, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

/** The first of `keys` holding a whole count (some SDKs send counts as strings). */
export function readCount(attributes: Attributes, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = attributes[key];
    const number =
      typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(number) && number >= 0) return number;
  }
  return null;
}

/**
 * A structured value as sent: GenAI message attributes come as structured values or as JSON
 * strings, and a JSON string is read as the value it encodes.
 */
export function readStructured(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value !== "string") return value ?? undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return value;
  try {
    return JSON.parse(trimmed) as AttributeValue;
  } catch {
    return value;
  }
}

/** The first of `keys` present, read with `readStructured`. */
export function readFirst(attributes: Attributes, ...keys: string[]): AttributeValue | undefined {
  for (const key of keys) {
    if (attributes[key] !== undefined && attributes[key] !== null) {
      return readStructured(attributes[key]);
    }
  }
  return undefined;
}

/**
 * Flattened lists (`llm.input_messages.0.message.role`, `gen_ai.prompt.1.content`) gathered into
 * an array of objects, one per index, keyed by the rest of each name.
 */
export function readFlattened(attributes: Attributes, prefix: string): Attributes[] | undefined {
  const items: Attributes[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const match = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length + 1));
    if (!match) continue;
    const index = Number(match[1]);
    if (index > 10_000) continue;
    const item = items[index] ?? {};
    item[match[2] as string] = value;
    items[index] = item;
  }
  return items.length > 0 ? Array.from(items, (item) => item ?? {}) : undefined;
}

/** Why a span failed: its status message, else its recorded exception. */
export function readError(span: OtlpSpan): string | null {
  if (span.status.code !== 2) return null;
  if (span.status.message) return span.status.message;
  const exception = span.events.find((event) => event.name === "exception");
  const message = exception && readString(exception.attributes, "exception.message");
  const type = exception && readString(exception.attributes, "exception.type");
  if (message) return type ? `${type}: ${message}` : message;
  return type ?? "the span ended with an error status";
}

/** The error of a span as its exception event records it, even without an error status. */
export function readException(span: OtlpSpan): string | null {
  const exception = span.events.find((event) => event.name === "exception");
  if (!exception) return null;
  const message = readString(exception.attributes, "exception.message");
  const type = readString(exception.attributes, "exception.type");
  return message ? (type ? `${type}: ${message}` : message) : type;
}
