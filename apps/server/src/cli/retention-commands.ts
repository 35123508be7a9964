import { parseArgs } from "node:util";
import {
  applyRetention,
  type DatabaseClient,
  defaultRetentionOptions,
  findWorkspace,
  listWorkspaces,
  parseRetentionEnv,
  setTelemetryRetention,
} from "@steward/db";
import { CliUsageError } from "./cli-errors";

export const retentionUsage = `  retention list                               each workspace's telemetry retention (days, or keep)
  retention set --workspace <id|slug> --days <n|keep>
                                               keep finished telemetry n days (keep: for ever)
  retention run                                apply retention once now and print what went`;

type Print = (line: string) => void;

const describeDays = (days: number | null) => (days === null ? "keep" : `${days} day(s)`);

/** `pnpm steward retention …`: the per-workspace telemetry setting, and a pass on demand. */
export async function runRetentionCommand(
  args: string[],
  { database, where, print }: { database: DatabaseClient; where: string; print: Print },
) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { workspace: { type: "string" }, days: { type: "string" } },
  });
  const [verb, ...extra] = positionals;
  if (extra.length > 0) throw new CliUsageError(`Unexpected "${extra.join(" ")}"`);
  const db = database.db;
  switch (verb) {
    case "list": {
      const all = await listWorkspaces(db);
      print(`Telemetry retention of ${all.length} workspace(s) in ${where}:`);
      for (const w of all) print(`  ${w.slug}\t${describeDays(w.telemetryRetentionDays)}`);
      return;
    }
    case "set": {
      if (!values.workspace) throw new CliUsageError("--workspace <id|slug> is required");
      const days = parseDays(values.days);
      const workspace = await findWorkspace(db, values.workspace);
      if (!workspace) throw new CliUsageError(`No workspace "${values.workspace}" in ${where}`);
      await setTelemetryRetention(db, { workspaceId: workspace.id, days });
      print(
        days === null
          ? `Workspace ${workspace.slug} in ${where} now keeps its telemetry for ever.`
          : `Workspace ${workspace.slug} in ${where} now keeps finished telemetry ${days} day(s); the worker deletes older trees in batches.`,
      );
      return;
    }
    case "run": {
      // The windows the worker uses, from the environment the entry point already checked;
      // a pass on demand runs even where the periodic one is turned off.
      const options = parseRetentionEnv(process.env) ?? defaultRetentionOptions;
      const started = Date.now();
      const report = await applyRetention(db, options);
      const entries = Object.entries(report);
      print(
        entries.length === 0
          ? `Retention pass over ${where}: nothing past its window (${Date.now() - started} ms).`
          : `Retention pass over ${where} (${Date.now() - started} ms) deleted: ${entries.map(([table, rows]) => `${table} ${rows}`).join(", ")}.`,
      );
      return;
    }
    default:
      throw new CliUsageError(
        verb ? `Unknown command "retention ${verb}"` : "retention needs list, set or run",
      );
  }
}

function parseDays(text: string | undefined): number | null {
  if (text === undefined) throw new CliUsageError("--days <n|keep> is required");
  if (text === "keep") return null;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new CliUsageError(
      `--days must be a whole number from 1 to 36500, or keep; got "${text}"`,
    );
  }
  return days;
}
