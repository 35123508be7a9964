import {
  EnvError,
  findProjectRoot,
  parseEnv,
  parseRetentionEnv,
  parseStoreTarget,
  readEnvParts,
} from "@steward/db";
import { defaultBatchOptions, defaultIdlePollMs, defaultLingerMs } from "@steward/telemetry";
import { z } from "zod";

const workerEnvSchema = z.object({
  WORKER_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(defaultBatchOptions.batchSize),
  WORKER_BATCH_BYTES: z.coerce
    .number()
    .int()
    .min(256 * 1024)
    .max(128 * 1024 * 1024)
    .default(defaultBatchOptions.maxBatchBytes),
  /** The safety net: new events wake the worker at once (LISTEN), due retries when due. */
  WORKER_IDLE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(defaultIdlePollMs),
  /** Under a steady load, the shortest time between the starts of two batches (see runWorker). */
  WORKER_LINGER_MS: z.coerce.number().int().min(0).max(10_000).default(defaultLingerMs),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The worker's configuration; throws EnvError naming each bad variable. */
export function parseWorkerEnv(env: Record<string, string | undefined>) {
  const [parsed, store, retention] = readEnvParts(
    () => parseEnv(workerEnvSchema, env),
    () => parseStoreTarget(env, findProjectRoot()),
    () => parseRetentionEnv(env),
  );
  return { ...parsed, store, retention };
}

/** The worker's whole configuration, read once at start-up; a mistake ends the process in one line. */
export function readWorkerEnv(env: Record<string, string | undefined> = process.env) {
  try {
    return parseWorkerEnv(env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`Steward worker: bad environment: ${error.message}`);
    process.exit(2);
  }
}
