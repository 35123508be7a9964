import { resolve } from "node:path";
import {
  createDatabaseClient,
  DataFolderBusyError,
  describeStoreTarget,
  readDataFolderHolder,
} from "@steward/db";
import { readServerEnv } from "../env";
import { explainStartError } from "../explain-start-error";
import { runRestoreCommand } from "./backup-commands";
import { CliRefusedError, cliUsage, isUsageError, runCli } from "./run-cli";
import { adviseHolder, runThroughServer } from "./run-through-server";

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === "help" || args.includes("--help")) {
  console.log(cliUsage);
  process.exit(0);
}

function fail(message: string, exitCode = 1): never {
  console.error(`steward: ${message}`);
  process.exit(exitCode);
}

let env: ReturnType<typeof readServerEnv>;
try {
  env = readServerEnv();
} catch (error) {
  fail(explainStartError(error) ?? String(error));
}
const where = describeStoreTarget(env.store);
// A file is named from where the operator typed the command (pnpm runs this in apps/server),
// and a server that runs it must get the absolute path.
if (args[0] === "backup" || args[0] === "restore") {
  const file = args.findIndex((arg, index) => index > 0 && !arg.startsWith("--"));
  if (file > 0) args[file] = resolve(process.env.INIT_CWD ?? process.cwd(), args[file] as string);
}
// Opening the store would create one in an empty folder, so restore runs before anything opens.
if (args[0] === "restore") {
  process.exit(await runRestoreCommand(args.slice(1), env.store, (line) => console.log(line)));
}
// Commands other than the two migration ones need the schema, so they migrate first.
const migrateFirst = args[0] !== "migrate" && args[0] !== "rollback";
const database = await createDatabaseClient({
  ...env.store,
  migrate: migrateFirst,
  maxConnections: 2,
  holder: `the command \`pnpm steward ${args.join(" ")}\``,
}).catch(async (error: unknown) => {
  if (!(error instanceof DataFolderBusyError)) {
    const explained = explainStartError(error);
    if (explained) fail(explained);
    throw error;
  }
  // The folder has an owner. A server runs the command for us; anyone else must finish first.
  const holder = readDataFolderHolder(error.dataDir);
  if (holder?.url && holder.operatorToken) {
    process.exit(await runThroughServer(args, holder));
  }
  fail(`${error.message} ${adviseHolder(holder ?? error.holder)}`);
});
try {
  await runCli(args, { database, where, print: (line) => console.log(line) });
} catch (error) {
  if (error instanceof CliRefusedError) {
    console.error(`steward: ${error.message}`);
    process.exitCode = 1;
  } else if (isUsageError(error)) {
    console.error(`steward: ${error.message}\n\n${cliUsage}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
} finally {
  await database.close();
}
