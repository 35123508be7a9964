import { createDatabaseClient, describeStoreTarget } from "@steward/db";
import { readServerEnv } from "../env";
import { CliUsageError, cliUsage, runCli } from "./run-cli";

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === "help" || args.includes("--help")) {
  console.log(cliUsage);
  process.exit(0);
}
const env = readServerEnv();
const where = describeStoreTarget(env.store);
// Commands other than the two migration ones need the schema, so they migrate first.
const migrateFirst = args[0] !== "migrate" && args[0] !== "rollback";
const database = await createDatabaseClient({
  ...env.store,
  migrate: migrateFirst,
  maxConnections: 2,
});
try {
  await runCli(args, { database, where, print: (line) => console.log(line) });
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  console.error(`steward: ${error.message}\n\n${cliUsage}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
