import { findProjectRoot, parseStoreTarget } from "@steward/db";
import { z } from "zod";

const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The server's whole configuration, read once at start-up. */
export function readServerEnv(env: Record<string, string | undefined> = process.env) {
  const projectRoot = findProjectRoot();
  return {
    ...serverEnvSchema.parse(env),
    projectRoot,
    store: parseStoreTarget(env, projectRoot),
  };
}

export type ServerEnv = ReturnType<typeof readServerEnv>;
