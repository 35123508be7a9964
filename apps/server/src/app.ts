import type { DatabaseClient } from "@steward/db";
import { Hono } from "hono";

export type AppDependencies = {
  database: DatabaseClient;
};

/** The HTTP app, with no side effects: main.ts (or a test) builds the dependencies. */
export function createApp({ database }: AppDependencies) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const databaseReachable = await database.ping();
    return c.json(
      { status: databaseReachable ? "ready" : "unavailable", database: databaseReachable },
      databaseReachable ? 200 : 503,
    );
  });
  return app;
}
