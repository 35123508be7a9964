/**
 * The bounds of the ingestion contract. A client that keeps inside them is never refused for
 * size; the server refuses a whole request only when the envelope breaks them.
 */
export const ingestLimits = {
  /** Events in one batch. */
  maxEventsPerBatch: 500,
  /** One event, serialized as JSON. */
  maxEventBytes: 256 * 1024,
  /** One request body, serialized as JSON. */
  maxBatchBytes: 4 * 1024 * 1024,
  /** Free text fields (step text, reasoning, errors, prompts). */
  maxTextLength: 100_000,
  /** Names and short labels (tool names, models, metric types). */
  maxNameLength: 200,
} as const;
