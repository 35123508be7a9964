// The embedded store as `pnpm start` runs it: the HTTP app and the worker in one process on a
// PGlite data folder. The bench reads the ledger through IPC, since no other process may open
// the folder while this one holds it.
import { serve } from "@hono/node-server";
import { silentLogger } from "@steward/api";
import { createDatabaseClient } from "@steward/db";
import { createApp } from "@steward/server/app";
import { runWorker } from "@steward/telemetry";
import { type LedgerQuery, queryLedger } from "./ledger";

const dataDir = process.env.STEWARD_DATA_DIR;
if (!dataDir) throw new Error("bench embedded server: STEWARD_DATA_DIR is required");
const database = await createDatabaseClient({
  kind: "pglite",
  dataDir,
  migrate: true,
  holder: "the bench's embedded server",
});
const stopWorker = new AbortController();
const worker = runWorker({
  db: database.db,
  logger: silentLogger,
  signal: stopWorker.signal,
  listen: database.listen,
  unprepared: true,
});
const server = serve({
  // Admission's rate limit and inbox bound are off: bench/load measures them.
  fetch: createApp({
    database,
    logger: silentLogger,
    limits: { rateLimitPerSecond: 1e9, rateLimitBurst: 1e9, inboxMaxDepth: 0 },
  }).fetch,
  port: 0,
  hostname: "127.0.0.1",
});
server.once("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ port });
});
process.on("message", (message: { id: number; query: LedgerQuery }) => {
  void queryLedger(database.db, message.query).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: Error) => process.send?.({ id: message.id, error: error.message }),
  );
});
process.on("SIGTERM", () => {
  server.close();
  stopWorker.abort();
  void worker.then(() => database.close()).then(() => process.exit(0));
});
