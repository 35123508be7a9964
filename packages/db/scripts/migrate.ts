import { migrateDatabase } from "../src/migrations";
import { openConfiguredStore } from "./open-target";

const { client, where } = await openConfiguredStore("db:migrate");
try {
  console.log(`Migrating ${where} …`);
  const { applied, current } = await migrateDatabase(client);
  console.log(
    applied.length === 0
      ? `Nothing to apply; ${where} is at ${current ?? "no migration"}.`
      : `Applied ${applied.length} migration(s): ${applied.join(", ")}. ${where} is now at ${current}.`,
  );
} finally {
  await client.close();
}
