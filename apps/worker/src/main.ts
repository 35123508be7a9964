import {
  createDatabaseClient,
  type DatabaseClient,
  describeStoreTarget,
  logRetention,
  runRetention,
} from "@steward/db";
import { runWorker } from "@steward/telemetry";
import pino from "pino";
import { readWorkerEnv } from "./env";

const env = readWorkerEnv();
const logger = pino({ level: env.LOG_LEVEL });
const where = describeStoreTarget(env.store);
const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    console.log(`Steward worker: ${signal} received, finishing the current batch …`);
    stop.abort();
  });
}

// The database may still be starting: keep trying rather than exit.
let database: DatabaseClient | undefined;
for (let attempt = 1; !database && !stop.signal.aborted; attempt++) {
  try {
    // Unprepared: the worker's statements are planned afresh each batch (see runWorker).
    database = await createDatabaseClient({
      ...env.store,
      migrate: true,
      maxConnections: 4,
      prepare: false,
    });
  } catch (error) {
    const delay = Math.min(5_000, 200 * 2 ** attempt);
    console.log(
      `Steward worker: ${where} not reachable (${(error as Error).message}); retrying in ${delay} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
if (database) {
  console.log(`Steward worker: recording telemetry from the inbox of ${where}`);
  const retention = env.retention
    ? runRetention(database.db, { ...env.retention, ...logRetention(logger) }, stop.signal)
    : undefined;
  await runWorker({
    db: database.db,
    logger,
    signal: stop.signal,
    listen: database.listen,
    unprepared: true,
    batch: { batchSize: env.WORKER_BATCH_SIZE, maxBatchBytes: env.WORKER_BATCH_BYTES },
    idlePollMs: env.WORKER_IDLE_POLL_MS,
    lingerMs: env.WORKER_LINGER_MS,
  });
  await retention;
  await database.close();
}
console.log("Steward worker: stopped.");
