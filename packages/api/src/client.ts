import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "./root";

/** The batch size the server accepts; the client never sends more in one request. */
export const maxBatchSize = 20;

export type StewardClientOptions = {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  apiKey: string;
  /** Another fetch, e.g. a Hono app's `request` in tests. */
  fetch?: typeof fetch;
};

/** A fully typed client of the Steward API. */
export function createStewardClient({ url, apiKey, fetch }: StewardClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/$/, "")}/trpc`,
        maxItems: maxBatchSize,
        headers: { authorization: `Bearer ${apiKey}` },
        ...(fetch ? { fetch } : {}),
      }),
    ],
  });
}

export type StewardClient = ReturnType<typeof createStewardClient>;
