import {
  type ApiLogger,
  appRouter,
  type ChangeFeed,
  createChangeFeed,
  createOpenApiDocument,
  maxBatchSize,
  type OpenApiDocument,
} from "@steward/api";
import { type DatabaseClient, summarizeFault } from "@steward/db";
import { ingestLimits } from "@steward/events";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { answerFault, unavailableRetryAfterSeconds } from "./fault-answer";
import { createAdmission } from "./limits/admission";
import { inboxRefusal } from "./limits/inbox-bound";
import { defaultLimits, type Limits } from "./limits/limits";
import { createMetricsRoute, measureRequests } from "./metrics/metrics-route";
import { createServerMetrics, type ServerMetrics } from "./metrics/server-metrics";
import { createConsoleRoute } from "./routes/console-route";
import { createConsoleSessionRoute } from "./routes/console-session-route";
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
  /** What this process admits (rate limits, inbox bound, body budget); defaultLimits otherwise. */
  limits?: Partial<Limits>;
  /** The process's metrics, which its inline worker also feeds; made here when not given. */
  metrics?: ServerMetrics;
  /** Required as a bearer token by GET /metrics; without it only loopback may scrape. */
  metricsToken?: string | undefined;
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
  limits,
  metrics = createServerMetrics(),
  metricsToken,
}: AppDependencies) {
  const settings = { ...defaultLimits, ...limits };
  const admission = createAdmission({
    db: database.db,
    logger,
    changes,
    limits: settings,
    hooks: metrics,
  });
  metrics.watch({
    db: database.db,
    inbox: admission.inbox,
    budget: admission.budget,
    inboxMaxDepth: settings.inboxMaxDepth,
  });
  const app = new Hono();
  app.use(requestId());
  app.use(measureRequests(metrics));
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
    // An inbox past its bound refuses ingestion, so a balancer should send it elsewhere.
    const inboxFull = databaseReachable
      ? await admission.inbox.read().then(
          (pressure) =>
            inboxRefusal(
              pressure,
              { maxDepth: settings.inboxMaxDepth, maxAgeSeconds: settings.inboxMaxAgeSeconds },
              1,
            ),
          () => null,
        )
      : null;
    const ready = databaseReachable && writes.writable && !inboxFull;
    return c.json(
      {
        status: ready ? "ready" : "unavailable",
        database: databaseReachable,
        ...(writes.writable ? {} : { writable: false, reason: writes.reason }),
        ...(inboxFull ? { inbox: inboxFull } : {}),
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

  app.route("/", createMetricsRoute({ metrics, token: metricsToken }));
  for (const path of ["/trpc/*", "/v1/ingest", "/v1/traces"]) app.use(path, admission.middleware);
  app.route("/", createIngestRoute({ db: database.db, logger }));
  app.route("/", createOtlpTracesRoute({ db: database.db, logger }));
  app.route("/", createConsoleSessionRoute({ db: database.db, guard: admission.signInGuard }));
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
      // Admission resolved the caller, or turned the request away (see createAdmission).
      createContext: () => {
        const refused = c.get("refusal");
        if (refused) throw new TRPCError({ code: refused.code, message: refused.message });
        return c.get("apiContext");
      },
      responseMeta: ({ errors }) => {
        const refused = c.get("refusal");
        if (refused) return { headers: { "retry-after": String(refused.retryAfterSeconds) } };
        // As a plain route answers UNAVAILABLE (see answerFault).
        const unavailable = errors.some((error) => error.code === "SERVICE_UNAVAILABLE");
        return unavailable
          ? { headers: { "retry-after": String(unavailableRetryAfterSeconds) } }
          : {};
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
