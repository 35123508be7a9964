import { maxBatchSize } from "@steward/api/batch-limit";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "./router-types";

export { maxBatchSize };

export type StewardClientOptions = {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  apiKey: string;
  /** Another fetch, e.g. a Hono app's `request` in tests. */
  fetch?: typeof fetch;
};

/** A fully typed client of the Steward API: `steward.runs.list.query({ status: "running" })`. */
export type StewardClient = TRPCClient<AppRouter>;

/** A fully typed client of the Steward API. */
export function createStewardClient({ url, apiKey, fetch }: StewardClientOptions): StewardClient {
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
