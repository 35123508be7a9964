import type { ApiKeyScope, Database } from "@steward/db";
import type { ChangeFeed } from "./change-feed";

/** Who is calling: resolved from the API key, never from anything in the input. */
export type CallerAuth = {
  workspaceId: string;
  keyId: string;
  scopes: ApiKeyScope[];
  /** The user the key acts for, when it acts for one. */
  userId: string | null;
  /** The key's own rate limit, where it has one (null: the server's default). */
  rateLimit?: { perSecond: number | null; burst: number | null };
};

/** Enough of pino's interface for the API to log through whatever the app gives it. */
export type ApiLogger = {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
};

/**
 * The pure inner context: tests, the worker and the HTTP adapter all build this. The fields
 * tagged internal are the server's own: the published client's types leave them out
 * (tsconfig.publish.json strips them), so they never make a user install database types.
 */
export type ApiContext = {
  /** @internal */
  db: Database;
  /** @internal */
  logger: ApiLogger;
  auth: CallerAuth | null;
  /** Why `auth` is null, for the UNAUTHORIZED message. */
  authProblem?: string;
  /** The HTTP request's id, which a fault's answer quotes so the log line can be found. */
  requestId?: string;
  /** @internal The process's one feed of committed changes, for subscriptions; absent where none runs. */
  changes?: ChangeFeed;
  /** Told what each ingest call came to (rate limits charge events, metrics count them). */
  observeIngest?: (result: { accepted: number; rejected: number }) => void;
  /**
   * Asked, once a batch is validated and before it is queued, whether the inbox has room for
   * its `events`; throws UNAVAILABLE when it has not. Absent where nothing bounds the inbox.
   */
  admitEvents?: (events: number) => Promise<void>;
};

export const silentLogger: ApiLogger = { error() {}, warn() {}, info() {} };
