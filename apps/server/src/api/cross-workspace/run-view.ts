import type { CrossWorkspaceCases } from "./case";

export const runViewCases: CrossWorkspaceCases = {
  "runView.skeleton": { notFound: (b) => ({ runId: b.run }) },
  "runView.trace": { notFound: (b) => ({ invocationId: b.invocation }) },
  "runView.traces": { ownRowsOnly: () => ({ agentType: "orchestrator" }) },
  // Another workspace's ids are absent from the answer, exactly like missing ones.
  "runView.details": {
    ownRowsOnly: (b) => ({
      stepIds: [b.step],
      toolCallIds: [b.toolCall],
      invocationIds: [b.invocation],
    }),
  },
};
