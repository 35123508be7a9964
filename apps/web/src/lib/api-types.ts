import type { AppRouter } from "@steward/client";
import type { inferInput, inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

/*
 * The shapes the console reads, derived from the API's router so a changed contract fails the
 * typecheck here instead of rendering `undefined`. Timestamps are ISO strings on the wire.
 */
type Api = TRPCOptionsProxy<AppRouter>;

export type RunsListInput = inferInput<Api["runs"]["list"]>;
export type RunListItem = inferOutput<Api["runs"]["list"]>["items"][number];

type RunSkeletonPage = inferOutput<Api["runView"]["skeleton"]>;
export type RunSkeleton = RunSkeletonPage["run"];
export type PhaseSkeleton = NonNullable<RunSkeletonPage["phases"]>[number];
export type InvocationSkeleton = NonNullable<RunSkeletonPage["invocations"]>[number];
export type StepSkeleton = RunSkeletonPage["steps"][number];
export type ToolCallSkeleton = RunSkeletonPage["toolCalls"][number];

export type TracesInput = inferInput<Api["runView"]["traces"]>;

export type MemoryRecord = inferOutput<Api["memoryRecords"]["list"]>["items"][number];
export type CtaEvent = inferOutput<Api["ctaEvents"]["list"]>["items"][number];

export type Agent = inferOutput<Api["agents"]["list"]>["items"][number];
export type Feature = inferOutput<Api["features"]["list"]>["items"][number];
export type Task = inferOutput<Api["tasks"]["list"]>["items"][number];
export type DeadLetter = inferOutput<Api["ingest"]["deadLetters"]>["items"][number];
