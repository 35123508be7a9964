import { useEffect } from "react";

/** Steps loaded without being asked; past this a button loads more, so a huge run stays light. */
export const autoLoadStepLimit = 5_000;

type PagedQuery = {
  hasNextPage: boolean;
  isFetching: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/**
 * Follows a skeleton's step pages in the background after the first has rendered, up to
 * `limit` steps. It waits while any fetch runs: asking for the next page during a refetch would
 * cancel the refetch, and a page that failed is retried only when someone asks.
 */
export function useAutoLoadPages(query: PagedQuery, loaded: number, limit = autoLoadStepLimit) {
  const { hasNextPage, isFetching, isFetchNextPageError, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetching && !isFetchNextPageError && loaded < limit) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetching, isFetchNextPageError, fetchNextPage, loaded, limit]);
}
