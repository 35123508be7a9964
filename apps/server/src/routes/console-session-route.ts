import { apiKeyPrefix, type Database, findUsableApiKey, hashApiKey } from "@steward/db";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { SignInGuard } from "../limits/admission";

/**
 * The cookie of a console session: the key itself, so a browser can call /trpc (and open an
 * EventSource, which sends no headers) without the key in any URL or in reach of scripts.
 */
export const sessionCookie = "steward_key";

const signIn = z.object({ key: z.string().max(1024) });
const signInShape = 'Send JSON: { "key": "stw_…" }';

/**
 * POST /console/session signs a browser in with a key, checked as a bearer key is and under the
 * same throttle of failed authentications (an address past it gets 429 without a lookup);
 * DELETE /console/session signs it out. Answers `{ ok: true }` or `{ error }` naming the problem.
 */
export function createConsoleSessionRoute({
  db,
  guard,
}: {
  db: Database;
  guard: (c: Context) => SignInGuard;
}) {
  const route = new Hono();
  route.post(
    "/console/session",
    bodyLimit({ maxSize: 4096, onError: (c) => c.json({ error: signInShape }, 413) }),
    async (c) => {
      const throttle = guard(c);
      const wait = throttle.secondsToWait();
      if (wait > 0) {
        c.header("Retry-After", String(wait));
        return c.json({ error: "Too many failed sign-ins from this address; retry later" }, 429);
      }
      const body = await c.req.json().catch(() => undefined);
      const parsed = signIn.safeParse(body);
      if (!parsed.success) return c.json({ error: signInShape }, 400);
      // A pasted key often carries a line break or spaces around it.
      const key = parsed.data.key.trim();
      if (!key.startsWith(apiKeyPrefix)) {
        throttle.recordFailure();
        return c.json({ error: `Not a Steward API key: keys start with ${apiKeyPrefix}` }, 401);
      }
      const keyHash = hashApiKey(key);
      if (throttle.isKnownBad(keyHash) || !(await findUsableApiKey(db, key))) {
        throttle.recordFailure(keyHash);
        return c.json({ error: "Unknown, revoked or expired API key" }, 401);
      }
      setCookie(c, sessionCookie, key, cookieOptions(c));
      return c.json({ ok: true });
    },
  );
  route.delete("/console/session", (c) => {
    deleteCookie(c, sessionCookie, cookieOptions(c));
    return c.json({ ok: true });
  });
  return route;
}

/**
 * Out of scripts' reach, never sent by another site's page, for every path; only over TLS when
 * the browser came over TLS (directly or through a proxy that says so).
 */
function cookieOptions(c: Context) {
  const https =
    new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
  return { httpOnly: true, sameSite: "Strict", path: "/", secure: https } as const;
}
