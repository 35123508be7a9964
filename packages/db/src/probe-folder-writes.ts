import { rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeFsError } from "./prepare-data-folder";
import type { WriteHealth } from "./write-health";

/**
 * PGlite starts a new 16 MB WAL segment as the current one fills; if the disk cannot hold it,
 * PGlite PANICs and is gone until a restart. So below this much free space the store is not
 * ready, though the statement at hand may still fit.
 */
const walSegmentBytes = 16 * 1024 * 1024;

/** Cheap and real: the free space on the folder's disk, and one page written and removed. */
export async function probeFolderWrites(dataDir: string): Promise<WriteHealth> {
  const unwritable = (reason: string): WriteHealth => ({
    writable: false,
    reason,
    since: new Date(),
  });
  try {
    const { bavail, bsize } = await statfs(dataDir);
    const free = bavail * bsize;
    if (free < walSegmentBytes) {
      return unwritable(
        `only ${Math.floor(free / 1024)} KB left on the disk of ${dataDir}; the embedded database needs ${walSegmentBytes / 1024 / 1024} MB free to go on writing`,
      );
    }
    const probe = join(dataDir, `.steward-write-probe-${process.pid}`);
    await writeFile(probe, Buffer.alloc(8192));
    await rm(probe);
    return { writable: true };
  } catch (error) {
    return unwritable(`cannot write in ${dataDir}: ${describeFsError(error)}`);
  }
}
