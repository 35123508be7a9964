import { rollbackLatestMigration } from "../src/migrations";
import { openConfiguredStore } from "./open-target";

const { client, where } = await openConfiguredStore("db:rollback");
try {
  console.log(`Rolling back the latest migration of ${where} …`);
  const { reverted, current } = await rollbackLatestMigration(client);
  console.log(
    reverted
      ? `Reverted ${reverted} with its down script. ${where} is now at ${current ?? "no migration"}.`
      : `Nothing to roll back: ${where} has no migration applied.`,
  );
} finally {
  await client.close();
}
