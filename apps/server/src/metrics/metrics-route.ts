import { timingSafeEqual } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { ServerMetrics } from "./server-metrics";

/**
 * GET /metrics in Prometheus text format. With `token` set, a scrape sends it as
 * `Authorization: Bearer <token>`; without, only this machine may scrape (a loopback address,
 * or a request made in-process). The figures span every workspace, so no workspace key opens them.
 */
export function createMetricsRoute({
  metrics,
  token,
}: {
  metrics: ServerMetrics;
  token?: string | undefined;
}) {
  const route = new Hono();
  route.get("/metrics", async (c) => {
    if (!mayScrape(c, token)) {
      return c.json(
        {
          error: {
            code: "UNAUTHORIZED",
            message: token
              ? "Send the metrics token as `Authorization: Bearer …`"
              : "Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere",
          },
        },
        401,
      );
    }
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { "content-type": metrics.registry.contentType });
  });
  return route;
}

function mayScrape(c: Context, token: string | undefined) {
  if (token) {
    const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    const a = Buffer.from(presented);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  const address = (c.env as HttpBindings | undefined)?.incoming?.socket?.remoteAddress;
  return address === undefined || isLoopback(address);
}

function isLoopback(address: string) {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

const fixedRoutes = new Set([
  "/healthz",
  "/readyz",
  "/metrics",
  "/openapi.json",
  "/v1/ingest",
  "/v1/traces",
  "/operator/cli",
  "/console/session",
]);

/** A bounded label for a path: its route, a procedure's name, never a raw id or file name. */
export function routeLabel(path: string, status: number) {
  if (fixedRoutes.has(path)) return path;
  if (path.startsWith("/trpc/")) {
    const procedures = path.slice("/trpc/".length);
    if (procedures.includes(",")) return "/trpc/(batch)";
    if (status === 404 || !/^[A-Za-z.]{1,80}$/.test(procedures)) return "/trpc/(unknown)";
    return path;
  }
  return "(other)";
}

/** Counts and times every answer, by route label, method and status. */
export function measureRequests(metrics: ServerMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const status = c.res.status;
      metrics.observeRequest(
        { route: routeLabel(c.req.path, status), method: c.req.method, status },
        (performance.now() - started) / 1000,
      );
    }
  };
}
