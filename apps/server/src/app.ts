import { type ApiLogger, appRouter, createRequestContext, maxBatchSize } from "@steward/api";
import type { DatabaseClient } from "@steward/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { createIngestRoute } from "./routes/ingest-route";

export type AppDependencies = {
  database: DatabaseClient;
  logger: ApiLogger;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
};

export const defaultMaxBodyBytes = 1024 * 1024;

/** The HTTP app, with no side effects: main.ts (or a test) builds the dependencies. */
export function createApp({
  database,
  logger,
  maxBodyBytes = defaultMaxBodyBytes,
}: AppDependencies) {
  const app = new Hono();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const databaseReachable = await database.ping();
    return c.json(
      { status: databaseReachable ? "ready" : "unavailable", database: databaseReachable },
      databaseReachable ? 200 : 503,
    );
  });

  app.route("/", createIngestRoute({ db: database.db, logger }));

  app.use(
    "/trpc/*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json({ error: `Request body larger than ${maxBodyBytes} bytes` }, 413),
    }),
  );
  app.all("/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      maxBatchSize,
      createContext: ({ req }) => createRequestContext({ db: database.db, logger }, req.headers),
    }),
  );
  return app;
}
