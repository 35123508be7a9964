import { findProjectRoot, parseStoreTarget } from "@steward/db";
import { z } from "zod";

const workerEnvSchema = z.object({
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  WORKER_IDLE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The worker's whole configuration, read once at start-up. */
export function readWorkerEnv(env: Record<string, string | undefined> = process.env) {
  return { ...workerEnvSchema.parse(env), store: parseStoreTarget(env, findProjectRoot()) };
}
