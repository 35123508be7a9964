import {
  type ApiLogger,
  appRouter,
  type ChangeFeed,
  createChangeFeed,
  createOpenApiDocument,
  createRequestContext,
  maxBatchSize,
  type OpenApiDocument,
} from "@steward/api";
import { type DatabaseClient, summarizeFault } from "@steward/db";
import { ingestLimits } from "@steward/events";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { requestId } from "hono/request-id";
import { answerFault } from "./fault-answer";
import { createConsoleRoute } from "./routes/console-route";
import { createConsoleSessionRoute, sessionCookie } from "./routes/console-session-route";
import { createIngestRoute } from "./routes/ingest-route";
import { createOperatorRoute, type OperatorRouteOptions } from "./routes/operator-route";
import { createOtlpTracesRoute } from "./routes/otlp-traces-route";

export type AppDependencies = {
  database: DatabaseClient;
  logger: ApiLogger;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** On the embedded store: lets `pnpm steward` run through this server (POST /operator/cli). */
  operator?: Pick<OperatorRouteOptions, "where" | "operatorToken" | "serverPid">;
  /**
   * The process's one change feed (see createChangeFeed); made from `database` when not given.
   * It listens only once someone subscribes, and whoever stops the process closes it.
   */
  changes?: ChangeFeed;
  /** The built web console, served at `/` (see createConsoleRoute); none when absent. */
  consoleDir?: string;
};

export const defaultMaxBodyBytes = 1024 * 1024;

/** The HTTP app, with no side effects: main.ts (or a test) builds the dependencies. */
export function createApp({
  database,
  logger,
  maxBodyBytes = defaultMaxBodyBytes,
  operator,
  changes = createChangeFeed({ listen: database.listen, logger }),
  consoleDir,
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
    // Reads alone do not make a store ready: a full disk or a read-only database refuses writes.
    const writes = await database.checkWrites();
    const ready = databaseReachable && writes.writable;
    return c.json(
      {
        status: ready ? "ready" : "unavailable",
        database: databaseReachable,
        ...(writes.writable ? {} : { writable: false, reason: writes.reason }),
      },
      ready ? 200 : 503,
    );
  });

  // A pure function of the router: built on the first request, then kept.
  let openApi: OpenApiDocument | undefined;
  app.get("/openapi.json", (c) => {
    openApi ??= createOpenApiDocument(appRouter);
    return c.json(openApi);
  });

  app.route("/", createIngestRoute({ db: database.db, logger }));
  app.route("/", createOtlpTracesRoute({ db: database.db, logger }));
  app.route("/", createConsoleSessionRoute({ db: database.db }));
  if (operator) app.route("/", createOperatorRoute({ database, logger, ...operator }));

  // Ingestion over tRPC takes the same bodies as POST /v1/ingest; everything else stays small.
  const trpcBodyLimit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => c.json({ error: `Request body larger than ${maxSize} bytes` }, 413),
    });
  const ingestBodyLimit = trpcBodyLimit(Math.max(maxBodyBytes, ingestLimits.maxBatchBytes));
  const otherBodyLimit = trpcBodyLimit(maxBodyBytes);
  app.use("/trpc/*", (c, next) =>
    c.req.path === "/trpc/ingest.events" ? ingestBodyLimit(c, next) : otherBodyLimit(c, next),
  );
  app.all("/trpc/*", (c) => {
    const requestId = String(c.get("requestId"));
    return fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      maxBatchSize,
      createContext: ({ req }) => {
        const sessionKey = getCookie(c, sessionCookie);
        return createRequestContext(
          {
            db: database.db,
            logger,
            requestId,
            changes,
            ...(sessionKey === undefined ? {} : { sessionKey }),
          },
          req.headers,
        );
      },
      onError: ({ error, path, type }) => {
        if (error.code !== "INTERNAL_SERVER_ERROR") return;
        logger.error(
          { requestId, path, type, err: summarizeFault(error.cause ?? error) },
          "procedure failed",
        );
      },
    });
  });
  // Last: the console answers only what no API route did.
  if (consoleDir) app.route("/", createConsoleRoute({ folder: consoleDir }));
  app.onError((error, c) => answerFault(c, error, logger));
  return app;
}
