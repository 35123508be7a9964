import { liveChange } from "../contracts/live";
import { AppError } from "../errors";
import { readProcedure, router } from "../trpc";

export const liveRouter = router({
  /**
   * What changes in the caller's workspace, as it commits, over server-sent events
   * (`httpSubscriptionLink`): at most one event every 250 ms, merging what came in between.
   * A client that reconnects may have missed changes meanwhile, so it refetches what it shows.
   * The answer is documented per event (`meta.output`): a subscription's stream is not one value.
   */
  changes: readProcedure.meta({ output: liveChange }).subscription(({ ctx, signal }) => {
    if (!ctx.changes) {
      throw new AppError("UNAVAILABLE", "This server does not follow changes; refetch instead");
    }
    return ctx.changes.changesOf(ctx.workspaceId, signal ?? new AbortController().signal);
  }),
});
