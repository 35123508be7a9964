/** The bounds of `POST /v1/traces`; a body past either is refused whole with 413. */
export const otlpLimits = {
  /** The body as received (compressed or not). */
  maxBodyBytes: 4 * 1024 * 1024,
  /** The body once decompressed. */
  maxDecodedBytes: 16 * 1024 * 1024,
  /** Exports decoded and accepted at once; more answer 429 with `Retry-After`. */
  maxInFlight: 8,
} as const;
