// The shape of the seeded telemetry: every row is a pure function of its position, so each
// table can be streamed on its own pass and still point at the right parents.

export const invocationsPerRun = 20;
export const stepsPerInvocation = 10;
export const toolCallsPerStep = 3;
export const toolCallsPerRun = invocationsPerRun * stepsPerInvocation * toolCallsPerStep;
/** The large run whose skeleton is read: 50 times a usual run's invocations, steps and calls. */
export const largeRunInvocations = 50 * invocationsPerRun;
/** Run numbers of large runs start here, so their serials never meet a usual run's. */
export const largeRunNumbers = 10_000_000;

export const spanDays = 90;
export const dayMs = 86_400_000;

export const agentTypes = ["orchestrator", "explorer", "coder", "judge", "meta_judge"] as const;
export const models = [
  "claude-sonnet-4",
  "claude-opus-4",
  "gpt-5",
  "gpt-5-mini",
  "gemini-2.5-pro",
  "o3",
] as const;
export const toolNames = [
  "read_file",
  "write_file",
  "run_tests",
  "grep",
  "list_dir",
  "bash",
  "git_diff",
  "git_commit",
  "http_get",
  "search_docs",
  "open_pr",
  "ask_human",
] as const;
export const titleWords = [
  "login",
  "billing",
  "search",
  "export",
  "onboarding",
  "webhooks",
  "audit log",
  "rate limits",
] as const;

/** A stable pseudo-random fraction in [0, 1) for an integer and a salt. */
export function fraction(n: number, salt: number): number {
  let h = (Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(salt + 1, 0xc2b2ae35)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** Picks from `values` with the weights given (same length), by a fraction. */
export function pick<T>(values: readonly T[], weights: readonly number[], f: number): T {
  const sum = weights.reduce((a, b) => a + b, 0);
  let at = f * sum;
  for (let i = 0; i < values.length; i++) {
    at -= weights[i] ?? 0;
    if (at < 0) return values[i] as T;
  }
  return values[values.length - 1] as T;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/**
 * A time-ordered UUID (the layout of v7): the millisecond first, then the table's tag and a
 * serial, so ids grow with time like a real v7 client's and every row's id is unique.
 */
export function timeOrderedId(ms: number, tag: number, serial: number): string {
  const s = `${hex(ms, 12)}7${hex(tag, 1)}${hex(Math.floor(serial / 2 ** 32), 10)}${hex(serial % 2 ** 32, 8)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** One workspace's batch of runs: `runCount` runs spread over the span, numbered from `firstRun`. */
export type Batch = {
  workspaceId: string;
  firstRun: number;
  runCount: number;
  invocationsPerRun: number;
  /** The end of the span: the newest run starts shortly before. */
  now: number;
  agentIds: Record<(typeof agentTypes)[number], string[]>;
  projectIds: string[];
};
