import { type ChangeFeed, createChangeFeed, silentLogger } from "@steward/api";
import { createStewardClient } from "@steward/client";
import { type ApiKeyScope, createApiKey, createWorkspace } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { createApp } from "../app";

export const allScopes: ApiKeyScope[] = ["read", "write", "ingest", "admin"];

/**
 * The real Hono app over this test file's database, and typed clients that speak HTTP to it
 * through `app.request` (no listening socket).
 */
export function useTestServer() {
  const database = useTestDatabase();
  let app: ReturnType<typeof createApp> | undefined;
  let changes: ChangeFeed | undefined;
  const changesFor = () => {
    changes ??= createChangeFeed({ listen: database.current.listen, logger: silentLogger });
    return changes;
  };
  const appFor = () => {
    app ??= createApp({ database: database.current, logger: silentLogger, changes: changesFor() });
    return app;
  };

  const clientFor = (apiKey: string) =>
    createStewardClient({
      url: "http://steward.test",
      apiKey,
      fetch: ((input: Request | string | URL, init?: RequestInit) =>
        appFor().request(input instanceof Request ? input : String(input), init)) as typeof fetch,
    });

  return {
    get database() {
      return database.current;
    },
    get db() {
      return database.current.db;
    },
    get app() {
      return appFor();
    },
    /** The app's change feed: `live.changes` subscribers hear through it. */
    get changes() {
      return changesFor();
    },
    clientFor,
    /** A new, empty workspace with a key of the given scopes and a client using it. */
    async workspace(options: { scopes?: ApiKeyScope[]; userId?: string } = {}) {
      const workspace = await createWorkspace(database.current.db, { name: "Test" });
      const { plainKey, record } = await createApiKey(database.current.db, {
        workspaceId: workspace.id,
        name: "test",
        scopes: options.scopes ?? allScopes,
        userId: options.userId ?? null,
      });
      return { workspaceId: workspace.id, plainKey, key: record, client: clientFor(plainKey) };
    },
  };
}
