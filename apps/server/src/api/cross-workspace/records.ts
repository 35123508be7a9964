import type { CrossWorkspaceCases } from "./case";

const range = { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z") };

export const recordsCases: CrossWorkspaceCases = {
  "checkpoints.save": {
    notFound: (b) => ({ projectId: b.project, name: "stolen", state: {} }),
  },
  "checkpoints.latest": { notFound: (b) => ({ runId: b.run }) },
  "checkpoints.list": { notFound: (b) => ({ projectId: b.project }) },
  "checkpoints.get": { notFound: (b) => ({ id: b.checkpoint }) },

  "metrics.record": { notFound: (b) => ({ type: "token_usage", value: 1, runId: b.run }) },
  "metrics.recordMany": {
    notFound: (b) => ({
      metrics: [
        { type: "token_usage", value: 1 },
        { type: "token_usage", value: 2, agentInstanceId: b.instance },
      ],
    }),
  },
  "metrics.aggregate": { notFound: (b) => ({ type: "token_usage", ...range, runId: b.run }) },
  // Unfiltered, where a leak would show; a filter naming B's rows is tested in metrics.test.
  "metrics.list": { ownRowsOnly: () => ({}) },

  "sessions.start": { notFound: (b) => ({ projectId: b.project, type: "interview" }) },
  "sessions.updateData": { notFound: (b) => ({ id: b.session, data: { stolen: true } }) },
  "sessions.end": { notFound: (b) => ({ id: b.session }) },
  "sessions.get": { notFound: (b) => ({ id: b.session }) },
  "sessions.list": { notFound: (b) => ({ projectId: b.project }) },

  // API keys live with the records of a workspace's use; identity cases cover people.
  "apiKeys.create": {
    notFound: (b) => ({ name: "stolen", scopes: ["read"], userId: b.user }),
  },
  "apiKeys.list": { ownRowsOnly: () => undefined },
  "apiKeys.current": { ownRowsOnly: () => undefined },
  "apiKeys.revoke": { notFound: (b) => ({ id: b.apiKey }) },
  "apiKeys.setRateLimit": { notFound: (b) => ({ id: b.apiKey, perSecond: 10 }) },
};
