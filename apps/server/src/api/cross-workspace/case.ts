import type { FixtureIds } from "@steward/db/testing";

/**
 * How one procedure is probed with workspace A's key and workspace B's ids:
 * - `notFound`: the input names B's rows; the answer must be NOT_FOUND, as for a missing id.
 * - `ownRowsOnly`: a list or read that names no row; nothing of B's may appear in its answer.
 * - `exempt`: the procedure takes no id of another row; the reason says why it is safe. The
 *   walker still calls it and checks that B's rows did not change.
 * - `forbidden`: the procedure changes data no workspace owns, which only a workspace the
 *   operator granted may change; A is not granted, so the answer must be FORBIDDEN.
 */
export type CrossWorkspaceCase =
  | { notFound: (b: FixtureIds) => unknown }
  | { ownRowsOnly: (b: FixtureIds) => unknown }
  | { exempt: string; input: (b: FixtureIds) => unknown }
  | { forbidden: string; input: (b: FixtureIds) => unknown };

export type CrossWorkspaceCases = Record<string, CrossWorkspaceCase>;
