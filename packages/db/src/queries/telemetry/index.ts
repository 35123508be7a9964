export * from "./apply-invocations";
export * from "./apply-run-records";
export * from "./apply-steps";
export * from "./apply-tool-calls";
export * from "./inbox";
export * from "./invocation-runs";
export * from "./planner-statistics";
export type { ApplyOutcome } from "./records";
