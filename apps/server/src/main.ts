import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createChangeFeed } from "@steward/api";
import {
  createDatabaseClient,
  DataFolderBusyError,
  describeStoreTarget,
  logRetention,
  runRetention,
} from "@steward/db";
import { runWorker } from "@steward/telemetry";
import pino from "pino";
import { createApp } from "./app";
import { createDefaultWorkspaceIfEmpty } from "./bootstrap";
import { readServerEnv, type ServerEnv } from "./env";
import { explainStartError } from "./explain-start-error";
import { serverOptionsOf } from "./limits/limits";
import { createServerMetrics } from "./metrics/server-metrics";
import { loopbackUrl, serverRole } from "./server-role";

/** Ends the process on a mistake the operator can fix, in one line and without a stack. */
function refuseToStart(error: unknown): never {
  const explained = explainStartError(error);
  if (!explained) throw error;
  const advice =
    error instanceof DataFolderBusyError
      ? " Stop that process first, or give this server its own STEWARD_DATA_DIR."
      : "";
  console.error(`Steward: cannot start: ${explained}${advice}`);
  process.exit(1);
}

let env: ServerEnv;
try {
  env = readServerEnv();
} catch (error) {
  refuseToStart(error);
}
const logger = pino({ level: env.LOG_LEVEL });
const where = describeStoreTarget(env.store);
console.log(`Steward: opening ${where} and applying migrations …`);
const database = await createDatabaseClient({
  ...env.store,
  migrate: true,
  holder: serverRole,
}).catch(refuseToStart);
console.log(
  `Steward: database ready (${(await database.tables()).length} tables in schema agent).`,
);

const first = await createDefaultWorkspaceIfEmpty(database.db);
if (first) {
  console.log(
    `Steward: created workspace "${first.workspace.slug}" and its first API key (shown once, keep it):\n\n    ${first.plainKey}\n`,
  );
}

const metrics = createServerMetrics();
const stopWorker = new AbortController();
// On Postgres the worker has connections of its own, which prepare no statement (see
// runWorker's `unprepared`); the embedded store is one connection that never prepares.
const workerDatabase =
  env.inlineWorker && env.store.kind === "postgres"
    ? await createDatabaseClient({ ...env.store, maxConnections: 2, prepare: false })
    : database;
const worker = env.inlineWorker
  ? runWorker({
      db: workerDatabase.db,
      logger: logger.child({ component: "worker" }),
      signal: stopWorker.signal,
      listen: workerDatabase.listen,
      unprepared: true,
      onBatch: (batch) => metrics.workerBatch(batch),
    })
  : undefined;
if (worker) console.log("Steward: the telemetry worker runs in this process.");
const retention =
  worker && env.retention
    ? runRetention(
        workerDatabase.db,
        { ...env.retention, ...logRetention(logger.child({ component: "retention" })) },
        stopWorker.signal,
      )
    : undefined;

// No other process may open the embedded store while this one holds it, so operator commands
// (`pnpm steward …`) run through this server; the token travels in the lock file only.
const operatorToken = database.dataFolder ? randomBytes(32).toString("base64url") : undefined;
// One LISTEN for the whole process, however many browsers follow changes.
const changes = createChangeFeed({ listen: database.listen, logger });
const server = serve({
  fetch: createApp({
    database,
    logger,
    changes,
    consoleDir: env.consoleDir,
    limits: env.limits,
    metrics,
    metricsToken: env.METRICS_TOKEN,
    ...(operatorToken ? { operator: { where, operatorToken, serverPid: process.pid } } : {}),
  }).fetch,
  port: env.PORT,
  hostname: env.HOST,
  serverOptions: serverOptionsOf(env.timeouts),
});
server.once("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  database.dataFolder?.publish({ url: loopbackUrl(env.HOST, port), operatorToken });
  console.log(`Steward is listening on http://${env.HOST}:${port} (API: /trpc, health: /healthz)`);
  console.log(
    existsSync(join(env.consoleDir, "index.html"))
      ? `Steward: the console is at http://${env.HOST}:${port}/ (from ${env.consoleDir})`
      : `Steward: the console is not built in ${env.consoleDir}; \`pnpm --filter @steward/web build\` builds it`,
  );
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`Steward: ${signal} received, finishing open requests and the current batch …`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Open subscriptions would hold their connections, and so the server, open: end them.
  await changes.close();
  await closed;
  stopWorker.abort();
  await worker;
  await retention;
  if (workerDatabase !== database) await workerDatabase.close();
  await database.close();
  console.log("Steward: stopped.");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
