import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProjectRoot, parseEnv, parseStoreTarget, readEnvParts } from "@steward/db";
import { z } from "zod";

const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Run the telemetry worker inside the server process (always, on the embedded store). */
  STEWARD_INLINE_WORKER: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The built web console served at `/`; relative to the working directory. */
  STEWARD_CONSOLE_DIR: z.string().min(1).optional(),
});

/** Where `pnpm --filter @steward/web build` writes the console, found from this file. */
const builtConsoleDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** The server's whole configuration, read once at start-up; throws EnvError naming each variable. */
export function readServerEnv(env: Record<string, string | undefined> = process.env) {
  const projectRoot = findProjectRoot();
  const [parsed, store] = readEnvParts(
    () => parseEnv(serverEnvSchema, env),
    () => parseStoreTarget(env, projectRoot),
  );
  // PGlite allows one process, so on the embedded store the worker must live in this one.
  const inlineWorker = store.kind === "pglite" || parsed.STEWARD_INLINE_WORKER === "true";
  const consoleDir = resolve(parsed.STEWARD_CONSOLE_DIR ?? builtConsoleDir);
  return { ...parsed, projectRoot, store, inlineWorker, consoleDir };
}

export type ServerEnv = ReturnType<typeof readServerEnv>;
