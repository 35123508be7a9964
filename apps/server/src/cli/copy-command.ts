import { parseArgs } from "node:util";
import {
  type CopyProgress,
  copyStore,
  createDatabaseClient,
  type DatabaseClient,
  describeStoreTarget,
  migrateDatabase,
} from "@steward/db";
import { CliRefusedError, CliUsageError } from "./cli-errors";

export const copyUsage = `  copy --to <postgres://…> [--batch-size <n>]  copy every workspace into a Postgres database
                                               (migrated first), verify counts and checksums per
                                               table; run it again to resume an interrupted copy`;

type Print = (line: string) => void;

/** Progress lines at most this often per table, besides its first and last. */
const progressEveryMs = 2_000;

/**
 * `pnpm steward copy --to postgres://…`: the store the server uses, table by table into a
 * Postgres server, for a team moving off the embedded store.
 */
export async function runCopyCommand(
  args: string[],
  {
    database,
    where,
    print,
    server,
  }: { database: DatabaseClient; where: string; print: Print; server?: { pid: number } },
) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      "batch-size": { type: "string" },
      // Stops after this many batches, as an interruption would: for trying a resume.
      "stop-after-batches": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new CliUsageError(`Unexpected "${positionals.join(" ")}"`);
  const url = values.to?.trim();
  if (!url) throw new CliUsageError("copy needs --to <postgres://…>, the database to copy into");
  if (!/^postgres(ql)?:\/\/[^/]/.test(url)) {
    throw new CliUsageError(`--to must be a postgres:// or postgresql:// URL; got "${url}"`);
  }
  const batchSize = positiveInteger("--batch-size", values["batch-size"] ?? "1000");
  const stopAfterBatches =
    values["stop-after-batches"] === undefined
      ? undefined
      : positiveInteger("--stop-after-batches", values["stop-after-batches"]);
  // The copy must see the store as it stands, and a server keeps writing to it.
  if (server) {
    throw new CliRefusedError(
      `The Steward server (pid ${server.pid}) has ${where} open and keeps writing to it: stop the server (kill ${server.pid}) first, then run \`pnpm steward copy\` again.`,
    );
  }
  const targetWhere = describeStoreTarget({ kind: "postgres", url });
  let target: DatabaseClient;
  try {
    target = await createDatabaseClient({ kind: "postgres", url, maxConnections: 2 });
    const { applied, current } = await migrateDatabase(target);
    print(
      applied.length
        ? `Migrated ${targetWhere}: applied ${applied.length} migration(s); now at ${current}.`
        : `${targetWhere} is migrated (at ${current}).`,
    );
  } catch (error) {
    throw new CliRefusedError(
      `Could not open and migrate ${targetWhere} (--to): ${(error as Error).message}`,
    );
  }
  try {
    print(`Copying ${where} to ${targetWhere}, ${batchSize} rows a batch.`);
    const outcome = await copyStore({
      source: database,
      target,
      batchSize,
      stopAfterBatches,
      onProgress: createProgressPrinter(print),
    });
    if (outcome.outcome === "refused") {
      throw new CliRefusedError(`Not copying into ${targetWhere}: ${outcome.reason}.`);
    }
    if (outcome.outcome === "interrupted") {
      print(
        `Stopped after ${outcome.batches} batch(es), as asked; run the command again without --stop-after-batches to resume.`,
      );
      return;
    }
    print("table\tsource rows\ttarget rows\tsource checksum\ttarget checksum\tcopied now");
    for (const table of outcome.tables) {
      print(
        `${table.matches ? "  " : "! "}${table.table}\t${table.source.count}\t${table.target.count}\t${table.source.checksum}\t${table.target.checksum}\t${table.copied}`,
      );
    }
    const mismatched = outcome.tables.filter((table) => !table.matches);
    const rows = outcome.tables.reduce((sum, table) => sum + table.target.count, 0);
    if (mismatched.length > 0) {
      throw new CliRefusedError(
        `${mismatched.length} table(s) differ between ${where} and ${targetWhere} (marked !): ${mismatched.map((table) => table.table).join(", ")}. Was the store written during the copy? Run the command again.`,
      );
    }
    print(
      `Copied ${where} to ${targetWhere}: ${outcome.tables.length} tables, ${rows} rows, counts and checksums equal. Point DATABASE_URL at it to use it.`,
    );
  } finally {
    await target.close();
  }
}

function positiveInteger(field: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new CliUsageError(`${field} must be a whole number from 1 to 1000000; got "${text}"`);
  }
  return value;
}

function createProgressPrinter(print: Print) {
  let lastPrinted = 0;
  return (progress: CopyProgress) => {
    const now = Date.now();
    if (progress.kind === "table") {
      lastPrinted = now;
      print(
        `  ${progress.table}: ${progress.total} row(s)${progress.resumed ? ", resuming after the rows already copied" : ""}`,
      );
      return;
    }
    if (progress.copied >= progress.total || now - lastPrinted >= progressEveryMs) {
      lastPrinted = now;
      print(`  ${progress.table}: ${progress.copied} / ${progress.total} copied`);
    }
  };
}
