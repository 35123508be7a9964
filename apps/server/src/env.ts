import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  findProjectRoot,
  parseEnv,
  parseRetentionEnv,
  parseStoreTarget,
  readEnvParts,
} from "@steward/db";
import { z } from "zod";
import { defaultLimits, defaultServerTimeouts } from "./limits/limits";

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Run the telemetry worker inside the server process (always, on the embedded store). */
  STEWARD_INLINE_WORKER: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The built web console served at `/`; relative to the working directory. */
  STEWARD_CONSOLE_DIR: z.string().min(1).optional(),
  /** Per API key, unless the key sets its own; per server process. */
  RATE_LIMIT_EVENTS_PER_SECOND: positive(defaultLimits.rateLimitPerSecond),
  RATE_LIMIT_BURST: positive(defaultLimits.rateLimitBurst),
  /** 0 = no bound. */
  INBOX_MAX_DEPTH: count(defaultLimits.inboxMaxDepth),
  INBOX_MAX_AGE_SECONDS: count(defaultLimits.inboxMaxAgeSeconds),
  BODY_BUDGET_BYTES: positive(defaultLimits.bodyBudgetBytes),
  BODY_BUDGET_WAIT_MS: count(defaultLimits.bodyBudgetWaitMs),
  BODY_IDLE_TIMEOUT_SECONDS: positive(defaultLimits.bodyIdleTimeoutSeconds),
  HEADERS_TIMEOUT_SECONDS: positive(defaultServerTimeouts.headersTimeoutSeconds),
  REQUEST_TIMEOUT_SECONDS: positive(defaultServerTimeouts.requestTimeoutSeconds),
  AUTH_FAILURES_PER_MINUTE: positive(defaultLimits.authFailuresPerMinute),
  /** Required as a bearer token by GET /metrics; unset, only loopback may scrape. */
  METRICS_TOKEN: z.string().min(16).optional(),
});

/** Where `pnpm --filter @steward/web build` writes the console, found from this file. */
const builtConsoleDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** The server's whole configuration, read once at start-up; throws EnvError naming each variable. */
export function readServerEnv(env: Record<string, string | undefined> = process.env) {
  const projectRoot = findProjectRoot();
  const [parsed, store, retention] = readEnvParts(
    () => parseEnv(serverEnvSchema, env),
    () => parseStoreTarget(env, projectRoot),
    () => parseRetentionEnv(env),
  );
  // PGlite allows one process, so on the embedded store the worker must live in this one.
  const inlineWorker = store.kind === "pglite" || parsed.STEWARD_INLINE_WORKER === "true";
  const consoleDir = resolve(parsed.STEWARD_CONSOLE_DIR ?? builtConsoleDir);
  const limits = {
    rateLimitPerSecond: parsed.RATE_LIMIT_EVENTS_PER_SECOND,
    rateLimitBurst: parsed.RATE_LIMIT_BURST,
    inboxMaxDepth: parsed.INBOX_MAX_DEPTH,
    inboxMaxAgeSeconds: parsed.INBOX_MAX_AGE_SECONDS,
    bodyBudgetBytes: parsed.BODY_BUDGET_BYTES,
    bodyBudgetWaitMs: parsed.BODY_BUDGET_WAIT_MS,
    bodyIdleTimeoutSeconds: parsed.BODY_IDLE_TIMEOUT_SECONDS,
    authFailuresPerMinute: parsed.AUTH_FAILURES_PER_MINUTE,
  };
  const timeouts = {
    headersTimeoutSeconds: parsed.HEADERS_TIMEOUT_SECONDS,
    requestTimeoutSeconds: parsed.REQUEST_TIMEOUT_SECONDS,
  };
  return { ...parsed, projectRoot, store, inlineWorker, consoleDir, limits, timeouts, retention };
}

export type ServerEnv = ReturnType<typeof readServerEnv>;
