import type { AppRouter } from "@steward/client";
import { QueryClient } from "@tanstack/react-query";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  isTRPCClientError,
  splitLink,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/*
 * The console is one more typed client of the API. It authenticates with the session cookie the
 * sign-in page obtains, so the key never sits in a URL, in script-readable storage or in a log,
 * and the browser's own EventSource carries it to the live feed.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createConsoleClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: "/trpc" }),
        false: httpBatchLink({
          url: "/trpc",
          fetch: (url, init) => fetch(url, { ...init, credentials: "same-origin" }),
        }),
      }),
    ],
  });
}

export function createConsoleQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Every visit to a page asks again (showing what it had meanwhile): the live feed covers
        // telemetry and approvals, not every kind of row someone may have changed elsewhere.
        staleTime: 0,
        // A refused or missing thing stays refused: retry only what may be passing.
        retry: (failures, error) =>
          failures < 2 && !(isTRPCClientError(error) && error.data?.httpStatus < 500),
      },
    },
  });
}
