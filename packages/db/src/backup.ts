import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { DatabaseClient } from "./client";
import { dataFolderLockFile, lockDataFolder } from "./data-folder-lock";
import { pgliteExtensions } from "./pglite-extensions";
import { prepareDataFolder } from "./prepare-data-folder";

/**
 * Writes the embedded store to `file` (a gzipped tarball of the data folder), whole or not at
 * all: it goes to a temporary file beside it first, then takes its name.
 */
export async function writeBackup(
  database: DatabaseClient,
  file: string,
): Promise<{ outcome: "written"; bytes: number } | { outcome: "refused"; reason: string }> {
  if (!database.dumpDataDir) {
    return {
      outcome: "refused",
      reason: "backup copies the embedded store; a Postgres server is backed up with pg_dump",
    };
  }
  if (!existsSync(dirname(file))) {
    return { outcome: "refused", reason: `the folder ${dirname(file)} does not exist` };
  }
  const dump = await database.dumpDataDir();
  const bytes = Buffer.from(await dump.arrayBuffer());
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
  return { outcome: "written", bytes: bytes.length };
}

export type RestoreOutcome =
  | { outcome: "restored"; workspaces: number; setAside?: string }
  | { outcome: "refused"; reason: string };

/**
 * Opens a backup into `dataDir`, which must be empty or missing unless `force` is given; a
 * folder that held a store is then moved aside (never deleted), and its new place returned.
 */
export async function restoreBackup({
  file,
  dataDir,
  force,
}: {
  file: string;
  dataDir: string;
  force: boolean;
}): Promise<RestoreOutcome> {
  if (!existsSync(file) || !statSync(file).isFile()) {
    return { outcome: "refused", reason: `no backup file at ${file}` };
  }
  const held = existsSync(dataDir)
    ? readdirSync(dataDir).filter((name) => name !== dataFolderLockFile)
    : [];
  let setAside: string | undefined;
  if (held.length > 0) {
    if (!force) {
      return {
        outcome: "refused",
        reason: `${dataDir} already holds a store (${held.length} entries); restore into an empty folder (STEWARD_DATA_DIR), or add --force to move it aside first`,
      };
    }
    // Taken and released at once: refuses when a server or command still holds the folder.
    lockDataFolder(dataDir, { role: "the command `steward restore`" }).release();
    setAside = `${dataDir}.before-restore-${new Date().toISOString().replaceAll(":", "-")}`;
    renameSync(dataDir, setAside);
  }
  prepareDataFolder(dataDir);
  const lock = lockDataFolder(dataDir, { role: "the command `steward restore`" });
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create(dataDir, {
      extensions: await pgliteExtensions(),
      loadDataDir: new Blob([readFileSync(file)]),
    });
    try {
      const { rows } = await pglite.query<{ count: number }>(
        "select count(*)::int as count from agent.workspaces",
      );
      return { outcome: "restored", workspaces: Number(rows[0]?.count ?? 0), setAside };
    } finally {
      await pglite.close();
    }
  } catch (error) {
    // A file that is not a backup leaves nothing half-written behind.
    lock.release();
    for (const name of readdirSync(dataDir))
      rmSync(join(dataDir, name), { recursive: true, force: true });
    if (setAside) {
      rmSync(dataDir, { recursive: true, force: true });
      renameSync(setAside, dataDir);
    }
    return {
      outcome: "refused",
      reason: `${file} could not be opened as a Steward backup (${(error as Error).message})`,
    };
  } finally {
    lock.release();
  }
}
