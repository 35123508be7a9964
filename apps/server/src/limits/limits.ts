/**
 * What one server process admits: every figure is per process, held in memory, and each has an
 * env variable (env.ts). 0 turns a bound off where the comment says so.
 */
export type Limits = {
  /** Events a second an API key may send, unless the key sets its own (`apiKeys.setRateLimit`). */
  rateLimitPerSecond: number;
  /** Events a key may send at once after a quiet spell. */
  rateLimitBurst: number;
  /** Events waiting in the inbox past which ingestion answers 503; 0 = no bound. */
  inboxMaxDepth: number;
  /** Age of the oldest waiting event past which ingestion answers 503; 0 = no bound. */
  inboxMaxAgeSeconds: number;
  /** How long a measured inbox depth is reused before it is read again. */
  inboxCheckIntervalMs: number;
  /** Bytes of request bodies being read and handled at once, across all requests. */
  bodyBudgetBytes: number;
  /** How long a body waits for room in the budget before the answer is 503. */
  bodyBudgetWaitMs: number;
  /** A body that sends nothing for this long is dropped. */
  bodyIdleTimeoutSeconds: number;
  /** Failed authentications from one address within a minute, past which it gets 429. */
  authFailuresPerMinute: number;
};

export const defaultLimits: Limits = {
  rateLimitPerSecond: 5_000,
  rateLimitBurst: 10_000,
  inboxMaxDepth: 100_000,
  inboxMaxAgeSeconds: 0,
  inboxCheckIntervalMs: 500,
  // A JSON body costs several times its size while it is parsed, checked and queued.
  bodyBudgetBytes: 8 * 1024 * 1024,
  bodyBudgetWaitMs: 2_000,
  bodyIdleTimeoutSeconds: 10,
  authFailuresPerMinute: 20,
};

/** Node's own request timeouts (node:http ServerOptions), set where the server is created. */
export type ServerTimeouts = { headersTimeoutSeconds: number; requestTimeoutSeconds: number };

export const defaultServerTimeouts: ServerTimeouts = {
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 60,
};

/** The node:http options that apply ServerTimeouts; checked every second, not every 30. */
export function serverOptionsOf({ headersTimeoutSeconds, requestTimeoutSeconds }: ServerTimeouts) {
  return {
    headersTimeout: headersTimeoutSeconds * 1000,
    // Node requires the whole request's bound to be at least the headers' one.
    requestTimeout: Math.max(requestTimeoutSeconds, headersTimeoutSeconds) * 1000,
    connectionsCheckingInterval: 1000,
  };
}
