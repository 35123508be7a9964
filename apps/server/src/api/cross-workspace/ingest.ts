import type { CrossWorkspaceCases } from "./case";

export const ingestCases: CrossWorkspaceCases = {
  "ingest.events": {
    exempt:
      "accepts events into the caller's own inbox only; ids inside events are resolved by the worker within the caller's workspace",
    input: (b) => ({
      events: [
        {
          type: "metric.recorded",
          eventId: crypto.randomUUID(),
          id: crypto.randomUUID(),
          metricType: "token_usage",
          value: 1,
          runId: b.run,
        },
      ],
    }),
  },
  "ingest.deadLetters": { ownRowsOnly: () => ({}) },
  "ingest.retryDeadLetter": { notFound: (b) => ({ eventId: b.deadLetterEvent }) },
  "ingest.stats": { ownRowsOnly: () => undefined },
};
