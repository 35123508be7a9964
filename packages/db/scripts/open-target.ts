import { createDatabaseClient } from "../src/client";
import { describeStoreTarget, findProjectRoot, parseStoreTarget } from "../src/store-target";

/** The store the operator's environment names, opened without migrating. */
export async function openConfiguredStore() {
  const target = parseStoreTarget(process.env, findProjectRoot());
  const client = await createDatabaseClient({ ...target, maxConnections: 2 });
  return { client, where: describeStoreTarget(target) };
}
