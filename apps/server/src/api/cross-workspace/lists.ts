import type { CrossWorkspaceCases } from "./case";

// Filters that name B's rows must match nothing of A's and show nothing of B's. Every filter is
// given, so the fuzzer also sends its hostile values to each. `runs.list` and
// `ingest.deadLetters` are here rather than beside their domains' other procedures because these
// are their filters.
const window = { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" };

export const listsCases: CrossWorkspaceCases = {
  "runs.list": {
    ownRowsOnly: (b) => ({
      currentPhase: "analysis",
      status: "running",
      projectId: b.project,
      titleContains: "Build",
      ...window,
      startedFrom: window.from,
      startedTo: window.to,
      limit: 10,
    }),
  },
  "invocations.list": {
    ownRowsOnly: (b) => ({
      agentId: b.agent,
      agentType: "orchestrator",
      model: "gpt-5",
      status: "running",
      parentInvocationId: b.invocation,
      runId: b.run,
      ...window,
      limit: 10,
    }),
  },
  "toolCalls.list": {
    ownRowsOnly: (b) => ({
      toolName: "read_file",
      status: "pending",
      outputTypes: ["error-text", "error-json"],
      invocationId: b.invocation,
      ...window,
      limit: 10,
    }),
  },
  "ctaEvents.list": {
    ownRowsOnly: (b) => ({ status: "pending", runId: b.run, ...window, limit: 10 }),
  },
  "ingest.deadLetters": {
    ownRowsOnly: () => ({ eventType: "metric.recorded", ...window, limit: 10 }),
  },
  "usage.tokens": {
    ownRowsOnly: () => ({
      from: "2026-01-01T00:00:00Z",
      to: "2026-02-01T00:00:00Z",
      groupBy: ["day", "model", "agent"],
    }),
  },
};
