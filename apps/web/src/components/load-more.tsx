/** The foot of a paged list: a button for the next page while there is one. */
export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  what,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  what: string;
}) {
  if (!hasNextPage) return null;
  return (
    <p className="load-more">
      <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
        {isFetchingNextPage ? "Loading…" : `Load more ${what}`}
      </button>
    </p>
  );
}
