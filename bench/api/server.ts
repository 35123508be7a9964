// The measured process: the real app, plus one plain Hono route that runs the same run-tree
// query with the same key check, so the two paths differ only by tRPC.
import { serve } from "@hono/node-server";
import { createRequestContext, silentLogger } from "@steward/api";
import { createDatabaseClient, getRunTree } from "@steward/db";
import { createApp } from "@steward/server/app";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("bench server: DATABASE_URL is required");
const database = await createDatabaseClient({ kind: "postgres", url, maxConnections: 10 });
// Measures Steward's own cost: admission's rate limit and inbox bound are off (bench/load
// measures them).
const app = createApp({
  database,
  logger: silentLogger,
  limits: { rateLimitPerSecond: 1e9, rateLimitBurst: 1e9, inboxMaxDepth: 0 },
});
app.get("/plain/runs/:runId/tree", async (c) => {
  const context = await createRequestContext(
    { db: database.db, logger: silentLogger },
    c.req.raw.headers,
  );
  if (!context.auth) return c.json({ error: "unauthorized" }, 401);
  const tree = await getRunTree(database.db, {
    workspaceId: context.auth.workspaceId,
    runId: c.req.param("runId"),
  });
  return tree ? c.json(tree) : c.json({ error: "not found" }, 404);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
server.once("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ port });
});
process.on("SIGTERM", () => {
  server.close();
  void database.close().then(() => process.exit(0));
});
