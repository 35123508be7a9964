import { serve } from "@hono/node-server";
import { createDatabaseClient, describeStoreTarget } from "@steward/db";
import { createApp } from "./app";
import { readServerEnv } from "./env";

const env = readServerEnv();
const where = describeStoreTarget(env.store);
console.log(`Steward: opening ${where} and applying migrations …`);
const database = await createDatabaseClient({ ...env.store, migrate: true });
console.log(
  `Steward: database ready (${(await database.tables()).length} tables in schema agent).`,
);

const server = serve({ fetch: createApp({ database }).fetch, port: env.PORT, hostname: env.HOST });
server.once("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Steward is listening on http://${env.HOST}:${port} (health: /healthz, /readyz)`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`Steward: ${signal} received, finishing open requests and closing the database …`);
  server.close();
  await database.close();
  console.log("Steward: stopped.");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
