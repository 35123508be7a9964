import { resolve } from "node:path";
import {
  type DatabaseClient,
  describeStoreTarget,
  restoreBackup,
  type StoreTarget,
  writeBackup,
} from "@steward/db";
import { CliRefusedError, CliUsageError } from "./cli-errors";

export const backupUsage = `  backup <file>                                write the embedded store to <file> (a .tar.gz),
                                               consistent while the server runs
  restore <file> [--force]                     open a backup as the embedded store (an empty
                                               data folder; --force moves a store there aside)`;

type Print = (line: string) => void;

/** `pnpm steward backup <file>`: run by the server when it holds the store, else here. */
export async function runBackupCommand(
  args: string[],
  { database, where, print }: { database: DatabaseClient; where: string; print: Print },
) {
  const [given, ...extra] = args;
  if (!given) throw new CliUsageError("backup needs the file to write, e.g. steward-backup.tar.gz");
  if (extra.length > 0) throw new CliUsageError(`Unexpected "${extra.join(" ")}"`);
  const file = resolve(given);
  const started = Date.now();
  const outcome = await writeBackup(database, file);
  if (outcome.outcome === "refused") throw new CliRefusedError(`Not backed up: ${outcome.reason}.`);
  print(
    `Backed up ${where} to ${file} (${(outcome.bytes / 1024 / 1024).toFixed(1)} MB, ${Date.now() - started} ms). Restore it with \`pnpm steward restore ${file}\`.`,
  );
}

/**
 * `pnpm steward restore <file> [--force]`: runs before any store is opened, since opening an
 * empty folder would create a store there. Returns the exit code.
 */
export async function runRestoreCommand(
  args: string[],
  store: StoreTarget,
  print: Print,
): Promise<number> {
  const force = args.includes("--force");
  const [given, ...extra] = args.filter((arg) => arg !== "--force");
  const fail = (message: string, code: number) => {
    console.error(`steward: ${message}`);
    return code;
  };
  if (!given) return fail("restore needs the backup file, as written by `steward backup`", 2);
  if (extra.length > 0) return fail(`Unexpected "${extra.join(" ")}"`, 2);
  if (store.kind !== "pglite") {
    return fail(
      `restore opens a backup as the embedded store, but DATABASE_URL points at ${describeStoreTarget(store)}; unset DATABASE_URL (and set STEWARD_DATA_DIR) to restore into a data folder.`,
      1,
    );
  }
  const file = resolve(given);
  try {
    const outcome = await restoreBackup({ file, dataDir: store.dataDir, force });
    if (outcome.outcome === "refused") return fail(`Not restored: ${outcome.reason}.`, 1);
    if (outcome.setAside)
      print(`Moved the store that was in ${store.dataDir} to ${outcome.setAside}.`);
    print(
      `Restored ${file} into ${describeStoreTarget(store)}: ${outcome.workspaces} workspace(s). Start the server to use it.`,
    );
    return 0;
  } catch (error) {
    // A folder held by a running process, or one that cannot be written.
    return fail(`Not restored into ${store.dataDir}: ${(error as Error).message}`, 1);
  }
}
