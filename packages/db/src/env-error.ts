import type { z } from "zod";

/**
 * A configuration mistake, said in one line per variable ("PORT: must be at most 65535"), for
 * an entry point to print without a stack.
 */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "EnvError";
  }
}

/** Parses an app's environment with its schema, throwing EnvError naming each bad variable. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new EnvError(
    // Never the value: a mistyped DATABASE_URL may hold a password.
    parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
    ),
  );
}

/** Runs every read, so one EnvError names each bad variable, not only those of the first read. */
export function readEnvParts<Parts extends unknown[]>(
  ...reads: { [Index in keyof Parts]: () => Parts[Index] }
): Parts {
  const problems: string[] = [];
  const parts = reads.map((read) => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  });
  if (problems.length > 0) throw new EnvError(problems);
  return parts as Parts;
}
