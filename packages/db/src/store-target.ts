import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { parseEnv } from "./env-error";

/** Where the data lives: a Postgres server, or PGlite embedded on a local folder. */
export type StoreTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

// An empty variable counts as unset, for both: `DATABASE_URL= pnpm start` means the embedded
// store, and `STEWARD_DATA_DIR=` its default folder (which the server prints as it opens it).
const unsetWhenEmpty = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const databaseEnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  STEWARD_DATA_DIR: z.preprocess(unsetWhenEmpty, z.string().trim().optional()),
});

/**
 * The part of an app's environment that picks the store; apps merge it into their own env.
 * Throws EnvError naming the variable.
 */
export function parseStoreTarget(env: Record<string, string | undefined>, projectRoot: string) {
  const parsed = parseEnv(databaseEnvSchema, env);
  if (parsed.DATABASE_URL) return { kind: "postgres", url: parsed.DATABASE_URL } as const;
  const dataDir = resolve(projectRoot, parsed.STEWARD_DATA_DIR ?? join(".steward", "data"));
  return { kind: "pglite", dataDir } as const;
}

/** The monorepo root (where pnpm-workspace.yaml is), so the data folder does not move with cwd. */
export function findProjectRoot(startDir: string = process.cwd()): string {
  let dir = resolve(startDir);
  while (true) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(startDir);
    dir = parent;
  }
}

/** For logs: where the data is, without a password. */
export function describeStoreTarget(target: StoreTarget): string {
  if (target.kind === "pglite") return `embedded PGlite at ${target.dataDir}`;
  const url = new URL(target.url);
  url.password = url.password ? "***" : "";
  return `Postgres at ${url.host}${url.pathname}`;
}
