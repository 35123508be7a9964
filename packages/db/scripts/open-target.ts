import { createDatabaseClient } from "../src/client";
import { DataFolderBusyError } from "../src/data-folder-lock";
import { EnvError } from "../src/env-error";
import { DataFolderError } from "../src/prepare-data-folder";
import { describeStoreTarget, findProjectRoot, parseStoreTarget } from "../src/store-target";

/**
 * The store the operator's environment names, opened without migrating. A mistake the operator
 * can fix (bad environment; a data folder that is held, missing or unwritable) ends the process
 * in one line.
 */
export async function openConfiguredStore(command: string) {
  try {
    const target = parseStoreTarget(process.env, findProjectRoot());
    const client = await createDatabaseClient({
      ...target,
      maxConnections: 2,
      holder: `the command \`pnpm ${command}\``,
    });
    return { client, where: describeStoreTarget(target) };
  } catch (error) {
    if (error instanceof DataFolderBusyError) {
      fail(
        `${error.message} Stop it first (a running server applies migrations itself when it starts), then run \`pnpm ${command}\` again.`,
      );
    }
    if (error instanceof EnvError) fail(`bad environment: ${error.message}`);
    if (error instanceof DataFolderError) fail(error.message);
    throw error;
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
