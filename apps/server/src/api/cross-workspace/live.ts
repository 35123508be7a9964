import type { CrossWorkspaceCases } from "./case";

export const liveCases: CrossWorkspaceCases = {
  "live.changes": {
    exempt:
      "takes no input and streams only the caller's workspace; live.test.ts proves another workspace's changes never reach it",
    input: () => undefined,
  },
};
