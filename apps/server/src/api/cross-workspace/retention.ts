import type { CrossWorkspaceCases } from "./case";

export const retentionCases: CrossWorkspaceCases = {
  "retention.get": { ownRowsOnly: () => ({}) },
  "retention.set": {
    exempt: "it sets the caller's own workspace and names no other row",
    input: () => ({ telemetryRetentionDays: 1 }),
  },
};
