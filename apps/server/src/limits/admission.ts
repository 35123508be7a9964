import type { HttpBindings } from "@hono/node-server";
import {
  type ApiContext,
  type ApiLogger,
  AppError,
  type ChangeFeed,
  createRequestContext,
} from "@steward/api";
import { apiKeyPrefix, type Database, hashApiKey } from "@steward/db";
import { ingestLimits } from "@steward/events";
import { otlpLimits } from "@steward/otlp";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { sessionCookie } from "../routes/console-session-route";
import { createAuthThrottle } from "./auth-throttle";
import { type BodyBudget, createBodyBudget } from "./body-budget";
import { createInboxGauge, estimateEvents, type InboxGauge, inboxRefusal } from "./inbox-bound";
import type { Limits } from "./limits";
import { createTokenBuckets, type RateLimit } from "./token-buckets";

export type RefusalReason = "rate_limit" | "auth_throttle" | "inbox_bound" | "body_budget";

/** A request turned away before its work: what to answer, and when to come back. */
export type Refusal = {
  status: 429 | 503;
  code: "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE";
  message: string;
  retryAfterSeconds: number;
  reason: RefusalReason;
};

declare module "hono" {
  interface ContextVariableMap {
    /** The caller, resolved once by admission for the route to use. */
    apiContext: ApiContext;
    /** Set on a /trpc request admission turned away: tRPC answers it in its own shape. */
    refusal: Refusal;
  }
}

export type AdmissionHooks = {
  refused(reason: RefusalReason): void;
  ingested(result: { accepted: number; rejected: number }): void;
};

/** Paths whose requests queue events: the inbox bound applies to these. */
const ingestPaths = new Set(["/v1/ingest", "/v1/traces", "/trpc/ingest.events"]);

/** Answer to come back after when the inbox is full: it drains in seconds, not minutes. */
const inboxRetryAfterSeconds = 2;

/**
 * Admission for the API's paths (/trpc, /v1/ingest, /v1/traces), before any body is read:
 * failed authentication throttled per address, the caller resolved once, its key's token
 * bucket, the inbox bound for ingestion, a share of the body budget, and a body that stalls
 * dropped. Everything here is in this process's memory.
 */
export function createAdmission({
  db,
  logger,
  changes,
  limits,
  hooks,
}: {
  db: Database;
  logger: ApiLogger;
  changes: ChangeFeed;
  limits: Limits;
  hooks: AdmissionHooks;
}) {
  const buckets = createTokenBuckets();
  const throttle = createAuthThrottle({ maxFailures: limits.authFailuresPerMinute });
  const inbox = createInboxGauge({
    db,
    intervalMs: limits.inboxCheckIntervalMs,
    bounded: limits.inboxMaxDepth > 0 || limits.inboxMaxAgeSeconds > 0,
  });
  const budget = createBodyBudget({
    totalBytes: limits.bodyBudgetBytes,
    waitMs: limits.bodyBudgetWaitMs,
  });

  function keyLimit(auth: NonNullable<ApiContext["auth"]>): RateLimit {
    const perSecond = auth.rateLimit?.perSecond ?? null;
    if (perSecond === null) {
      return {
        perSecond: limits.rateLimitPerSecond,
        burst: auth.rateLimit?.burst ?? limits.rateLimitBurst,
      };
    }
    return { perSecond, burst: auth.rateLimit?.burst ?? perSecond * 2 };
  }

  async function resolveCaller(c: Context): Promise<ApiContext | Refusal> {
    const address = remoteAddressOf(c);
    const wait = throttle.secondsToWait(address);
    if (wait > 0) {
      return refusal(429, "auth_throttle", "Too many failed authentications; retry later", wait);
    }
    const trpc = c.req.path.startsWith("/trpc/");
    const sessionKey = trpc ? getCookie(c, sessionCookie) : undefined;
    const presented =
      /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? sessionKey;
    const presentedHash = presented?.startsWith(apiKeyPrefix) ? hashApiKey(presented) : undefined;
    const base = {
      db,
      logger,
      changes,
      requestId: String(c.get("requestId")),
      ...(sessionKey === undefined ? {} : { sessionKey }),
    };
    if (presentedHash !== undefined && throttle.isKnownBad(presentedHash)) {
      throttle.recordFailure(address);
      const { sessionKey: _, ...context } = base;
      return { ...context, auth: null, authProblem: "Unknown, revoked or expired API key" };
    }
    const context = await createRequestContext(base, c.req.raw.headers);
    if (!context.auth && presentedHash !== undefined) {
      throttle.recordFailure(address, presentedHash);
    }
    return context;
  }

  /** The caller and, for ingestion, the room it holds in the inbox; or why it is turned away. */
  async function admit(c: Context): Promise<Admitted | Refusal> {
    const context = await resolveCaller(c);
    if (!("db" in context)) return context;
    if (!context.auth) return { context, settle: () => {} };
    const key = context.auth.keyId;
    const limit = keyLimit(context.auth);
    const wait = buckets.secondsToWait(key, limit);
    if (wait > 0) {
      return refusal(
        429,
        "rate_limit",
        `This key's rate limit (${limit.perSecond} events/s, burst ${limit.burst}) is spent; retry in ${wait} s`,
        wait,
      );
    }
    buckets.charge(key, limit, 1);
    let accepted = 0;
    const observed: ApiContext = {
      ...context,
      observeIngest(result) {
        // The request already paid one token at the door.
        buckets.charge(key, limit, Math.max(0, result.accepted + result.rejected - 1));
        accepted += result.accepted;
        hooks.ingested(result);
      },
    };
    if (!ingestPaths.has(c.req.path)) return { context: observed, settle: () => {} };
    const expected = estimateEvents(declaredLength(c));
    const { workspaceId } = context.auth;
    const room = await inbox.reserve(workspaceId, expected);
    const bounds = { maxDepth: limits.inboxMaxDepth, maxAgeSeconds: limits.inboxMaxAgeSeconds };
    const full = inboxRefusal(room.pressure, bounds, expected, workspaceId);
    if (full) {
      room.settle(0);
      return refusal(503, "inbox_bound", full, inboxRetryAfterSeconds);
    }
    const admitted: ApiContext = {
      ...observed,
      // The door reserved an estimate; a batch found larger once read asks for the rest, so
      // requests admitted together cannot carry the inbox past its bound.
      async admitEvents(events) {
        const more = events - room.events;
        if (more <= 0) return;
        await inbox.refresh();
        // Checked and held in one step: no other request's reservation comes between.
        const over = inboxRefusal(inbox.current(), bounds, more, workspaceId);
        if (over) {
          hooks.refused("inbox_bound");
          throw new AppError("UNAVAILABLE", over);
        }
        room.grow(more);
      },
    };
    return { context: admitted, settle: () => room.settle(accepted) };
  }

  const middleware: MiddlewareHandler = async (c, next) => {
    const admitted = await admit(c);
    if ("reason" in admitted) {
      hooks.refused(admitted.reason);
      return answerRefusal(c, admitted, next);
    }
    try {
      const { context } = admitted;
      // Off tRPC, a caller without a usable key is answered here, so no route looks it up again.
      if (!context.auth && !c.req.path.startsWith("/trpc/")) {
        const message = context.authProblem ?? "No key";
        return c.json({ error: { code: "UNAUTHORIZED", message } }, 401);
      }
      c.set("apiContext", context);
      const release = await reserveBody(c, budget);
      if (release === null) {
        hooks.refused("body_budget");
        const busy = refusal(
          503,
          "body_budget",
          "The server is reading too many bodies; retry shortly",
          1,
        );
        return answerRefusal(c, busy, next);
      }
      try {
        dropStalledBody(c, limits.bodyIdleTimeoutSeconds);
        await next();
      } finally {
        release?.();
      }
    } finally {
      admitted.settle();
    }
  };

  /**
   * The failed-authentication throttle for a key presented outside a request's headers (the
   * console's sign-in): the same count per address as bearer keys, so neither path lets an
   * address guess more keys a minute than the other.
   */
  function signInGuard(c: Context) {
    const address = remoteAddressOf(c);
    return {
      secondsToWait: () => throttle.secondsToWait(address),
      isKnownBad: (keyHash: string) => throttle.isKnownBad(keyHash),
      recordFailure: (keyHash?: string) => throttle.recordFailure(address, keyHash),
    };
  }

  return { middleware, inbox, budget, signInGuard };
}

export type SignInGuard = ReturnType<Admission["signInGuard"]>;

export type Admission = ReturnType<typeof createAdmission>;

function refusal(
  status: Refusal["status"],
  reason: RefusalReason,
  message: string,
  retryAfterSeconds: number,
): Refusal {
  const code = status === 429 ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE";
  return { status, code, message, retryAfterSeconds, reason };
}

async function answerRefusal(c: Context, refused: Refusal, next: () => Promise<void>) {
  c.header("Retry-After", String(refused.retryAfterSeconds));
  if (c.req.path.startsWith("/trpc/")) {
    c.set("refusal", refused);
    await next();
    return;
  }
  return c.json({ error: { code: refused.code, message: refused.message } }, refused.status);
}

type Admitted = { context: ApiContext; settle: () => void };

function declaredLength(c: Context) {
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  return Number.isFinite(declared) && declared >= 0 ? declared : undefined;
}

/** The bytes a request will hold: what it declares, else the most its route takes. */
async function reserveBody(c: Context, budget: BodyBudget) {
  const method = c.req.method;
  if (method !== "POST" && method !== "PUT" && method !== "PATCH") return undefined;
  const routeMax =
    c.req.path === "/v1/traces" ? otlpLimits.maxBodyBytes : ingestLimits.maxBatchBytes;
  const declared = declaredLength(c);
  const bytes = declared === undefined ? routeMax : Math.min(declared, routeMax);
  if (bytes === 0) return undefined;
  return budget.reserve(bytes);
}

/**
 * A client that stops sending its body mid-way holds a connection and a share of the budget:
 * past `seconds` of silence its socket is closed. Only on a real socket (not `app.request`).
 */
function dropStalledBody(c: Context, seconds: number) {
  const incoming = (c.env as HttpBindings | undefined)?.incoming;
  if (!incoming || incoming.complete || seconds <= 0) return;
  incoming.setTimeout(seconds * 1000, () => incoming.socket.destroy());
  const done = () => incoming.setTimeout(0);
  incoming.once("end", done);
  incoming.once("close", done);
}

function remoteAddressOf(c: Context) {
  return (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress ?? "in-process";
}

export type { InboxGauge };
