import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApiKey, createDatabaseClient, createWorkspace } from "@steward/db";
import { runWorker } from "@steward/telemetry";
import { createApp } from "../src/app";

const quiet = { info() {}, warn() {}, error() {} };

/**
 * A whole Steward for the demo: the server on a free port and the worker beside it, on a
 * fresh embedded store (or DATABASE_URL's Postgres), with a workspace and a key. Given
 * `dataDir`, the embedded store is that folder, and it is left in place on `stop`.
 */
export async function bootSteward({ dataDir: given }: { dataDir?: string } = {}) {
  const scratch = given === undefined && !process.env.DATABASE_URL;
  const dataDir = scratch ? mkdtempSync(join(tmpdir(), "steward-demo-")) : given;
  const database = await createDatabaseClient(
    dataDir
      ? { kind: "pglite", dataDir, migrate: true, holder: "the Steward demo (pnpm demo)" }
      : { kind: "postgres", url: process.env.DATABASE_URL ?? "", migrate: true },
  );
  const workspace = await createWorkspace(database.db, { name: "Demo" });
  const { plainKey } = await createApiKey(database.db, {
    workspaceId: workspace.id,
    name: "demo",
    scopes: ["read", "write", "ingest"],
  });
  const server = serve({
    fetch: createApp({ database, logger: quiet }).fetch,
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stopWorker = new AbortController();
  const worker = runWorker({
    db: database.db,
    logger: quiet,
    signal: stopWorker.signal,
    listen: database.listen,
  });
  return {
    url,
    apiKey: plainKey,
    database,
    workspaceId: workspace.id,
    where: dataDir ? `a fresh embedded store in ${dataDir}` : "the Postgres in DATABASE_URL",
    async stop() {
      stopWorker.abort();
      await worker;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      if (scratch && dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
