/**
 * The SDK's results are read structurally, never through its types, so one build of this
 * package reads v5, v6 and v7 alike; a field of an unexpected shape reads as absent.
 */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
