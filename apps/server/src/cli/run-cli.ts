import { parseArgs } from "node:util";
import {
  type ApiKeyScope,
  apiKeyScopeValues,
  createApiKey,
  createWorkspace,
  type DatabaseClient,
  findWorkspace,
  listApiKeys,
  listWorkspaces,
  migrateDatabase,
  revokeApiKey,
  rollbackLatestMigration,
} from "@steward/db";
import { textProblem } from "@steward/events";
import { backupUsage, runBackupCommand } from "./backup-commands";
import { CliRefusedError, CliUsageError, isUsageError } from "./cli-errors";
import { copyUsage, runCopyCommand } from "./copy-command";
import { operationsUsage, runKeyLimitCommand, runStatusCommand } from "./operations-commands";
import { pricesUsage, runPricesCommand } from "./prices-commands";
import { retentionUsage, runRetentionCommand } from "./retention-commands";

export { CliRefusedError, CliUsageError, isUsageError };

export const cliUsage = `Usage: pnpm steward <command>

  workspace create <name> [--slug <slug>]      create a workspace
  workspace list                               list workspaces
  key create --workspace <id|slug> [--name <name>] [--scopes read,write,ingest,admin] [--user <userId>]
                                               create an API key (printed once)
  key list --workspace <id|slug>               list a workspace's keys (never the keys themselves)
  key revoke --workspace <id|slug> <keyId>     revoke a key
  migrate                                      apply pending migrations
  rollback                                     revert the latest migration
${pricesUsage}
${operationsUsage}
${copyUsage}
${backupUsage}
${retentionUsage}

The store is the one the server uses: DATABASE_URL, else the embedded data folder.`;

export type CliDependencies = {
  database: DatabaseClient;
  /** Where the store is, for messages. */
  where: string;
  print: (line: string) => void;
  /** Set when the command runs inside the running server that holds the embedded store. */
  server?: { pid: number };
};

export async function runCli(args: string[], { database, where, print, server }: CliDependencies) {
  // The same rule as every API input: what Postgres cannot store is refused here, named.
  args.forEach((arg, index) => {
    const problem = textProblem(arg);
    if (problem) throw new CliUsageError(`argument ${index + 1} ${problem}`);
  });
  if (args[0] === "prices") return runPricesCommand(args.slice(1), { database, where, print });
  if (args[0] === "status") return runStatusCommand({ database, where, print });
  if (args[0] === "key" && args[1] === "limit") {
    return runKeyLimitCommand(args.slice(2), { database, where, print });
  }
  if (args[0] === "retention") {
    return runRetentionCommand(args.slice(1), { database, where, print });
  }
  if (args[0] === "backup") return runBackupCommand(args.slice(1), { database, where, print });
  if (args[0] === "copy") {
    return runCopyCommand(args.slice(1), { database, where, print, server });
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      slug: { type: "string" },
      workspace: { type: "string" },
      name: { type: "string" },
      scopes: { type: "string" },
      user: { type: "string" },
    },
  });
  const [noun, verb, ...rest] = positionals;
  const db = database.db;

  const workspaceOption = async () => {
    if (!values.workspace) throw new CliUsageError("--workspace <id|slug> is required");
    const workspace = await findWorkspace(db, values.workspace);
    if (!workspace) throw new CliUsageError(`No workspace "${values.workspace}" in ${where}`);
    return workspace;
  };

  switch (`${noun ?? ""} ${verb ?? ""}`.trim()) {
    case "workspace create": {
      const name = rest.join(" ").trim();
      if (!name) throw new CliUsageError("workspace create needs a name");
      const workspace = await createWorkspace(db, {
        name,
        ...(values.slug ? { slug: values.slug } : {}),
      });
      print(
        `Created workspace "${workspace.name}" (slug ${workspace.slug}, id ${workspace.id}) in ${where}.`,
      );
      return;
    }
    case "workspace list": {
      const all = await listWorkspaces(db);
      print(`${all.length} workspace(s) in ${where}:`);
      for (const w of all) print(`  ${w.slug}\t${w.id}\t${w.name}`);
      return;
    }
    case "key create": {
      const workspace = await workspaceOption();
      const scopes = parseScopes(values.scopes ?? "read,write,ingest");
      const { plainKey, record } = await createApiKey(db, {
        workspaceId: workspace.id,
        name: values.name ?? "cli key",
        scopes,
        userId: values.user ?? null,
      });
      print(
        `Created key ${record.id} (${record.prefix}…, scopes ${scopes.join(",")}) for workspace ${workspace.slug}.`,
      );
      print("The key, shown once — store it now:");
      print(`  ${plainKey}`);
      return;
    }
    case "key list": {
      const workspace = await workspaceOption();
      const keys = await listApiKeys(db, { workspaceId: workspace.id });
      print(`${keys.length} key(s) of workspace ${workspace.slug}:`);
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
        print(`  ${k.id}\t${k.prefix}…\t${k.scopes.join(",")}\t${state}\t${used}\t${k.name}`);
      }
      return;
    }
    case "key revoke": {
      const workspace = await workspaceOption();
      const keyId = rest[0];
      if (!keyId) throw new CliUsageError("key revoke needs the key id");
      const revoked = await revokeApiKey(db, { workspaceId: workspace.id, id: keyId });
      if (!revoked) throw new CliUsageError(`Workspace ${workspace.slug} has no key ${keyId}`);
      print(`Revoked key ${revoked.id} (${revoked.prefix}…) of workspace ${workspace.slug}.`);
      return;
    }
    case "migrate": {
      const { applied, current } = await migrateDatabase(database);
      if (server && applied.length === 0) {
        print(
          `Nothing to apply: the running server (pid ${server.pid}) applied the migrations when it started; ${where} is at ${current}.`,
        );
        return;
      }
      print(
        applied.length
          ? `Applied ${applied.join(", ")} to ${where}; now at ${current}.`
          : `Nothing to apply; ${where} is at ${current}.`,
      );
      return;
    }
    case "rollback": {
      // The running server's code expects the schema it migrated to; it must not change under it.
      if (server) {
        throw new CliRefusedError(
          `The Steward server (pid ${server.pid}) has ${where} open and expects its schema: stop the server (pid ${server.pid}) first, then run \`pnpm steward rollback\`.`,
        );
      }
      const { reverted, current } = await rollbackLatestMigration(database);
      print(
        reverted
          ? `Reverted ${reverted} in ${where}; now at ${current ?? "no migration"}.`
          : `Nothing to roll back in ${where}.`,
      );
      return;
    }
    default:
      throw new CliUsageError(
        noun ? `Unknown command "${positionals.join(" ")}"` : "No command given",
      );
  }
}

function parseScopes(list: string): ApiKeyScope[] {
  const scopes = list
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
  const unknown = scopes.filter(
    (scope) => !(apiKeyScopeValues as readonly string[]).includes(scope),
  );
  if (unknown.length > 0 || scopes.length === 0) {
    throw new CliUsageError(
      `--scopes takes a comma list of ${apiKeyScopeValues.join(", ")}; got "${list}"`,
    );
  }
  return scopes as ApiKeyScope[];
}
