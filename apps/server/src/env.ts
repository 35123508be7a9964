import { findProjectRoot, parseEnv, parseStoreTarget, readEnvParts } from "@steward/db";
import { z } from "zod";

const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Run the telemetry worker inside the server process (always, on the embedded store). */
  STEWARD_INLINE_WORKER: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The server's whole configuration, read once at start-up; throws EnvError naming each variable. */
export function readServerEnv(env: Record<string, string | undefined> = process.env) {
  const projectRoot = findProjectRoot();
  const [parsed, store] = readEnvParts(
    () => parseEnv(serverEnvSchema, env),
    () => parseStoreTarget(env, projectRoot),
  );
  // PGlite allows one process, so on the embedded store the worker must live in this one.
  const inlineWorker = store.kind === "pglite" || parsed.STEWARD_INLINE_WORKER === "true";
  return { ...parsed, projectRoot, store, inlineWorker };
}

export type ServerEnv = ReturnType<typeof readServerEnv>;
