import { createHash } from "node:crypto";

// A fixed namespace for every id derived from an OTLP trace, so the same span always names the
// same rows and events, whichever encoding or export carried it.
const namespace = Buffer.from("6f8d2c1e4b7a5e3f9a0c1d2e3f405162", "hex");

/** The RFC 9562 version-5 UUID of `name` in Steward's OTLP namespace. */
export function deriveId(name: string): string {
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
