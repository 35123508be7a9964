import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Context, Hono, type MiddlewareHandler } from "hono";

/** Paths the API owns: never answered with the console, even where no route of theirs matched. */
const apiPaths = [
  "/trpc",
  "/v1",
  "/openapi.json",
  "/healthz",
  "/readyz",
  "/console/session",
  "/operator",
];

const isApiPath = (path: string) =>
  apiPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** Vite names what it emits under /assets by content hash: a changed file is a new name. */
const isHashedAsset = (path: string) => path.startsWith("/assets/");

const buildCommand = "pnpm --filter @steward/web build";

const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Steward console not built</title></head>
<body>
<h1>The Steward console is not built</h1>
<p>The API is running. Build the console with <code>${buildCommand}</code>, then reload this page.</p>
</body>
</html>
`;

/**
 * Serves the built console (a single-page app) from `folder`: its files as they are, and
 * index.html for any other page, so a deep link opens the app that routes it. Registered after
 * every API route. The folder is looked at per request: building the console needs no restart.
 */
export function createConsoleRoute({ folder }: { folder: string }) {
  const route = new Hono();
  const indexFile = join(folder, "index.html");
  let files: MiddlewareHandler | undefined;
  let index: MiddlewareHandler | undefined;

  route.get(
    "/*",
    async (c, next) => {
      if (isApiPath(c.req.path)) return c.notFound();
      if (!existsSync(indexFile)) {
        c.header("Cache-Control", "no-store");
        return c.html(notBuiltPage, 503);
      }
      guardFrames(c);
      await next();
    },
    // Built on first use: serveStatic complains at once about a folder that does not exist yet.
    // Headers are set before it answers: its answer carries the headers set so far.
    (c, next) => {
      c.header("Cache-Control", cacheFor(c.req.path));
      files ??= serveStatic({ root: folder });
      return files(c, next);
    },
    async (c, next) => {
      // A missing hashed asset is a stale page asking for an old build: HTML would not run.
      if (isHashedAsset(c.req.path)) {
        c.header("Cache-Control", "no-store");
        return c.notFound();
      }
      c.header("Cache-Control", "no-cache");
      index ??= serveStatic({ root: folder, path: "index.html" });
      return (await index(c, next)) ?? c.notFound();
    },
  );
  return route;
}

/** Hashed assets never change under their name; anything else is checked again each time. */
const cacheFor = (path: string) =>
  isHashedAsset(path) ? "public, max-age=31536000, immutable" : "no-cache";

/** The console holds a signed-in session: no other site may frame it or sniff its files. */
function guardFrames(c: Context) {
  c.header("X-Frame-Options", "DENY");
  c.header("X-Content-Type-Options", "nosniff");
}
