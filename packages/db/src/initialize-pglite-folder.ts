import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * PGlite creates a new store's files (initdb) in a WebAssembly instance of its own, and the
 * process keeps most of that memory afterwards: 858 MB at the peak and 730 MB still resident
 * after a collection, against ~300 MB for a process that opens an existing folder. A first
 * `pnpm start` would so run at twice its usual memory until restarted. A short-lived child
 * process creates the files instead, and this one only ever opens an existing folder.
 *
 * Answers whether the folder was created. A folder that already holds a store is left alone.
 * Should the child fail, nothing is lost: the caller opens the folder itself and PGlite
 * creates it in process, answering the same error a child would have met.
 */
export async function initializePgliteFolder(dataDir: string, startParams: readonly string[]) {
  if (existsSync(join(dataDir, "PG_VERSION"))) return false;
  // Plain JavaScript for the child, so it needs no TypeScript loader; PGlite is resolved here,
  // where it is a dependency, since the child runs from whatever folder the app runs in.
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const script = `
    const { PGlite } = require(process.argv[1]);
    PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) })
      .then((db) => db.close())
      .then(() => process.exit(0), () => process.exit(1));`;
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ["-e", script, pglite, dataDir, JSON.stringify(startParams)],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    child.once("error", () => resolve(null));
    child.once("exit", (exitCode) => resolve(exitCode));
  });
  return code === 0 && existsSync(join(dataDir, "PG_VERSION"));
}
