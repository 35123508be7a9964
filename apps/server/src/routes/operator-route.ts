import { createHash, timingSafeEqual } from "node:crypto";
import { type ApiLogger, silentLogger } from "@steward/api";
import { type DatabaseClient, summarizeFault } from "@steward/db";
import { Hono } from "hono";
import { CliRefusedError, isUsageError, runCli } from "../cli/run-cli";

export type OperatorRouteOptions = {
  database: DatabaseClient;
  /** Where the store is, for the command's messages. */
  where: string;
  /** The secret the server wrote into its data folder's lock file, readable by its owner only. */
  operatorToken: string;
  serverPid: number;
  logger?: ApiLogger;
};

/** What `POST /operator/cli` answers: the lines the command printed, and its error if it failed. */
export type OperatorAnswer = { lines: string[]; error?: string; usage?: boolean };

/**
 * POST /operator/cli: `pnpm steward …` run by the server that holds the embedded store, since
 * no other process may open its data folder. Body `{ "args": ["key", "list", …] }`. Only a
 * caller that can read the lock file (the server's own user) has the token.
 */
export function createOperatorRoute({
  database,
  where,
  operatorToken,
  serverPid,
  logger = silentLogger,
}: OperatorRouteOptions) {
  const route = new Hono();
  route.use("/operator/*", async (c, next) => {
    if (!tokenMatches(c.req.header("authorization"), operatorToken)) {
      return c.json(
        { lines: [], error: "The operator route needs the server's operator token" },
        401,
      );
    }
    await next();
  });
  route.post("/operator/cli", async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { args?: unknown } | undefined;
    const args = body?.args;
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string")) {
      return c.json<OperatorAnswer>({ lines: [], error: 'Send { "args": [strings] }' }, 400);
    }
    const lines: string[] = [];
    try {
      await runCli(args, {
        database,
        where,
        print: (line) => lines.push(line),
        server: { pid: serverPid },
      });
      return c.json<OperatorAnswer>({ lines });
    } catch (error) {
      if (isUsageError(error)) {
        return c.json<OperatorAnswer>({ lines, error: (error as Error).message, usage: true }, 400);
      }
      if (error instanceof CliRefusedError) {
        return c.json<OperatorAnswer>({ lines, error: error.message }, 409);
      }
      const requestId = String(c.get("requestId") ?? "");
      logger.error({ requestId, err: summarizeFault(error) }, "operator command failed");
      return c.json<OperatorAnswer>(
        {
          lines,
          error: `Internal error (request id ${requestId}); the server log has the details`,
        },
        500,
      );
    }
  });
  return route;
}

/** Compares digests, so the time taken says nothing about how much of the token matched. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return given.length > 0 && timingSafeEqual(digest(given), digest(token));
}
