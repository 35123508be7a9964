import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "./trpc";

export type LiveStatus = "connecting" | "live" | "offline";

/**
 * Keeps every open view current: the server pushes what changed in this workspace (runs by id,
 * traces, approvals, ingestion) as the worker commits it, and the queries showing those things
 * are refetched. One subscription for the whole console. The feed does not replay what changed
 * while it was down, so every view refetches when it comes back.
 */
export function useLiveChanges(): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscription = useSubscription(
    trpc.live.changes.subscriptionOptions(undefined, {
      onData: (change) => {
        const refresh = (filter: { queryKey: readonly unknown[] }) =>
          void queryClient.invalidateQueries(filter);
        if (change.all) {
          void queryClient.invalidateQueries();
          return;
        }
        if (change.runIds.length > 0) {
          refresh(trpc.runs.pathFilter());
          // A run's memory arrives as telemetry too; only the open run view's list refetches.
          refresh(trpc.memoryRecords.pathFilter());
          for (const runId of change.runIds) {
            refresh({ queryKey: trpc.runView.skeleton.queryKey({ runId }) });
            refresh({ queryKey: trpc.runView.skeleton.infiniteQueryKey({ runId }) });
          }
        }
        if (change.traces) {
          refresh(trpc.runView.traces.pathFilter());
          refresh(trpc.runView.trace.pathFilter());
        }
        if (change.approvals) refresh(trpc.ctaEvents.pathFilter());
        if (change.ingest) refresh(trpc.ingest.pathFilter());
      },
    }),
  );
  const status: LiveStatus =
    subscription.status === "pending"
      ? "live"
      : subscription.status === "error"
        ? "offline"
        : "connecting";
  const wasLive = useRef(false);
  const missedChanges = useRef(false);
  useEffect(() => {
    if (status === "live") {
      if (missedChanges.current) void queryClient.invalidateQueries();
      wasLive.current = true;
      missedChanges.current = false;
    } else if (wasLive.current) {
      missedChanges.current = true;
    }
  }, [status, queryClient]);
  return status;
}
