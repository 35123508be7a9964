import { parseArgs } from "node:util";
import {
  type DatabaseClient,
  findWorkspace,
  readInboxPressure,
  readOperationsCounts,
  setApiKeyRateLimit,
} from "@steward/db";
import { CliUsageError } from "./cli-errors";

export const operationsUsage = `  key limit --workspace <id|slug> <keyId> <events/s|default> [--burst <events>]
                                               give a key its own rate limit, or the default back
  status                                       the inbox, the ledger, dead letters and connections`;

type Print = (line: string) => void;
type Dependencies = { database: DatabaseClient; where: string; print: Print };

/** `pnpm steward key limit …`: the same change as `apiKeys.setRateLimit`. */
export async function runKeyLimitCommand(args: string[], { database, where, print }: Dependencies) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { workspace: { type: "string" }, burst: { type: "string" } },
  });
  const [keyId, rate] = positionals;
  if (!values.workspace) throw new CliUsageError("--workspace <id|slug> is required");
  if (!keyId || !rate)
    throw new CliUsageError("key limit needs the key id and events/s (or default)");
  const workspace = await findWorkspace(database.db, values.workspace);
  if (!workspace) throw new CliUsageError(`No workspace "${values.workspace}" in ${where}`);
  const perSecond = rate === "default" ? null : figure("events/s", rate);
  const burst =
    values.burst === undefined || perSecond === null ? null : figure("--burst", values.burst);
  const key = await setApiKeyRateLimit(database.db, {
    workspaceId: workspace.id,
    id: keyId,
    perSecond,
    burst,
  });
  if (!key) throw new CliUsageError(`Workspace ${workspace.slug} has no key ${keyId}`);
  print(
    perSecond === null
      ? `Key ${key.id} (${key.prefix}…) takes the server's default rate limit again.`
      : `Key ${key.id} (${key.prefix}…) may send ${perSecond} events/s, ${burst ?? perSecond * 2} at once.`,
  );
}

function figure(name: string, text: string) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new CliUsageError(`${name} must be a whole number from 1; got "${text}"`);
  }
  return value;
}

/** `pnpm steward status`: the figures /metrics reads from the database, for a person. */
export async function runStatusCommand({ database, where, print }: Dependencies) {
  const [inbox, counts] = await Promise.all([
    readInboxPressure(database.db),
    readOperationsCounts(database.db),
  ]);
  print(`Steward status of ${where}:`);
  print(
    `  inbox            ${inbox.depth} event(s) waiting${inbox.depth > 0 ? `, oldest ${formatAge(inbox.oldestAgeSeconds)} old` : ""}`,
  );
  print(`  applied          ${counts.ledgerInserts} event(s) since the statistics were reset`);
  print(
    `  dead letters     ${counts.deadLetters} listed (${counts.deadLetterInserts} given up on since the statistics were reset)`,
  );
  const connections = counts.connections.map((c) => `${c.count} ${c.state}`).join(", ");
  print(`  connections      ${connections || "none"}`);
  print("  (request rates, refusals and batch times: GET /metrics on the server)");
}

function formatAge(seconds: number) {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
