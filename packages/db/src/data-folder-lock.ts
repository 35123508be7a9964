import { randomUUID } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * An embedded data folder has one owner. Two PGlite instances on one folder each believe they
 * own every file in it, so the second one's writes silently corrupt the first one's tables and
 * indexes. The owner's lock file names it, so whoever is refused can be told who holds the
 * folder and what to do (and a CLI can reach a server that holds it).
 */
export const dataFolderLockFile = "steward.lock";

export type DataFolderHolder = {
  pid: number;
  /** What the process is, for messages: "the Steward server", "the command `steward …`". */
  role: string;
  command: string;
  startedAt: string;
  /** Tells this lock from an earlier one of the same pid. */
  lockId: string;
  /** The kernel's start time of `pid`, so a reused pid is not taken for the owner. */
  processStart?: string;
  /** A server publishes where it listens and a token for its operator route. */
  url?: string;
  operatorToken?: string;
};

/** What may be shown about a holder: everything but its operator token. */
export type PublicDataFolderHolder = Omit<DataFolderHolder, "operatorToken">;

export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: PublicDataFolderHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by ${describeDataFolderHolder(holder)}; ` +
        "an embedded store can be opened by one process at a time.",
    );
    this.name = "DataFolderBusyError";
  }
}

export type DataFolderLock = {
  readonly dataDir: string;
  readonly holder: PublicDataFolderHolder;
  /** Adds fields (a server's URL and operator token) to the lock file, readable by its owner only. */
  publish(fields: Pick<DataFolderHolder, "url" | "operatorToken">): void;
  release(): void;
};

/** "the Steward server listening on http://127.0.0.1:3000, pid 1234". */
export function describeDataFolderHolder(holder: PublicDataFolderHolder): string {
  const where = holder.url ? ` listening on ${holder.url}` : "";
  return `${holder.role}${where}, pid ${holder.pid}`;
}

// Folders this process holds, so a second open in the same process is refused too (its pid is
// alive, but so would be a dead owner's pid reused by us after a restart).
const heldHere = new Set<string>();

/** Takes the folder or throws DataFolderBusyError naming the live process that has it. */
export function lockDataFolder(dataDir: string, { role }: { role: string }): DataFolderLock {
  const lockPath = join(dataDir, dataFolderLockFile);
  let holder: DataFolderHolder = {
    pid: process.pid,
    role,
    command: process.argv.slice(1).join(" "),
    startedAt: new Date().toISOString(),
    lockId: randomUUID(),
    processStart: readProcessStart(process.pid),
  };

  for (let attempt = 0; ; attempt++) {
    if (createExclusively(lockPath, holder)) break;
    const seen = readLockFile(lockPath);
    if (seen === "missing") continue;
    if (seen !== "unreadable" && isAlive(seen, dataDir)) {
      throw new DataFolderBusyError(dataDir, withoutToken(seen));
    }
    // A dead owner (killed, crashed, or the machine restarted) left its file behind. Two
    // processes may find the same stale file at once: each first moves the file to a name of
    // its own, which only one can do for that file. If what it moved is not the stale file it
    // judged (the other already took the folder), it puts that file back and looks again.
    if (attempt > 5) throw new Error(`Could not take the lock ${lockPath}: it keeps changing`);
    const moved = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
    try {
      renameSync(lockPath, moved);
    } catch (error) {
      if (isCode(error, "ENOENT")) continue;
      throw error;
    }
    const movedHolder = readLockFile(moved);
    const sameFile =
      typeof movedHolder === "object" && typeof seen === "object"
        ? movedHolder.lockId === seen.lockId
        : movedHolder === seen;
    if (!sameFile) {
      try {
        linkSync(moved, lockPath);
      } catch (error) {
        if (!isCode(error, "EEXIST")) throw error;
      }
    }
    rmSync(moved, { force: true });
  }
  heldHere.add(dataDir);

  const releaseAtExit = () => removeIfOurs(lockPath, holder.lockId);
  process.once("exit", releaseAtExit);
  return {
    dataDir,
    get holder() {
      return withoutToken(holder);
    },
    publish(fields) {
      holder = { ...holder, ...fields };
      const temporary = `${lockPath}.${holder.lockId}`;
      writeFileSync(temporary, JSON.stringify(holder), { mode: 0o600 });
      renameSync(temporary, lockPath);
    },
    release() {
      process.removeListener("exit", releaseAtExit);
      removeIfOurs(lockPath, holder.lockId);
      heldHere.delete(dataDir);
    },
  };
}

/** The live process holding the folder, with its operator token, or undefined. */
export function readDataFolderHolder(dataDir: string): DataFolderHolder | undefined {
  const seen = readLockFile(join(dataDir, dataFolderLockFile));
  return typeof seen === "object" && isAlive(seen, dataDir) ? seen : undefined;
}

/** Writes the whole file under a private name first, so a reader never sees it half written. */
function createExclusively(lockPath: string, holder: DataFolderHolder): boolean {
  const temporary = `${lockPath}.${holder.lockId}`;
  writeFileSync(temporary, JSON.stringify(holder), { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readLockFile(path: string): DataFolderHolder | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT")) return "missing";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DataFolderHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.lockId !== "string") return "unreadable";
    return parsed as DataFolderHolder;
  } catch {
    return "unreadable";
  }
}

function isAlive(holder: DataFolderHolder, dataDir: string): boolean {
  if (holder.pid === process.pid) return heldHere.has(dataDir);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if (!isCode(error, "EPERM")) return false;
  }
  const start = readProcessStart(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

function removeIfOurs(lockPath: string, lockId: string) {
  const seen = readLockFile(lockPath);
  if (typeof seen === "object" && seen.lockId === lockId) rmSync(lockPath, { force: true });
}

/** Linux only: field 22 of /proc/<pid>/stat, the process's start in clock ticks since boot. */
function readProcessStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after it never do.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function withoutToken({ operatorToken: _, ...holder }: DataFolderHolder): PublicDataFolderHolder {
  return holder;
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
