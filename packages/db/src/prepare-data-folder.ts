import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** An embedded data folder that cannot be used, said in one line with the folder's path. */
export class DataFolderError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DataFolderError";
  }
}

/**
 * Makes sure the folder exists and takes writes before PGlite gets it: PGlite itself answers an
 * unwritable folder with a minified stack that names no path.
 */
export function prepareDataFolder(dataDir: string): void {
  try {
    createFolder(dataDir);
  } catch (error) {
    throw new DataFolderError(
      dataDir,
      `Cannot create the data folder ${dataDir}: ${describeFsError(error)}`,
      { cause: error },
    );
  }
  // pg_control is rewritten at every checkpoint: an existing store must let us write it too.
  const probe = join(dataDir, `.steward-write-probe-${process.pid}`);
  const control = join(dataDir, "global", "pg_control");
  try {
    writeFileSync(probe, "");
    rmSync(probe);
    if (existsSync(control)) accessSync(control, constants.W_OK);
  } catch (error) {
    throw new DataFolderError(
      dataDir,
      `The data folder ${dataDir} is not writable: ${describeFsError(error)}`,
      { cause: error },
    );
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir loops forever when mkdir answers ENOENT
 * under a parent that exists (as anywhere under /proc), which hung the server at start.
 */
function createFolder(path: string) {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw Object.assign(new Error("it exists and is not a folder"), { code: "ENOTDIR" });
    }
    return;
  }
  const parent = dirname(path);
  if (parent !== path) createFolder(parent);
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENOENT: "the parent folder does not accept new folders",
  ENOTDIR: "a part of the path is a file, not a folder",
};

/** "permission denied (EACCES)", without Node's "mkdir '/path'" tail that repeats the path. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = code ? reasons[code] : undefined;
  if (reason) return `${reason} (${code})`;
  return message ?? String(error);
}
