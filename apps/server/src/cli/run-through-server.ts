import { type DataFolderHolder, describeDataFolderHolder } from "@steward/db";
import type { OperatorAnswer } from "../routes/operator-route";
import { serverRole } from "../server-role";
import { cliUsage } from "./run-cli";

/** Long enough for any operator command; a server that takes longer is stuck. */
const answerTimeoutMs = 60_000;

/**
 * Runs the command in the server that holds the embedded store (POST /operator/cli with the
 * token from the lock file) and prints what it answers. Returns the exit code.
 */
export async function runThroughServer(args: string[], holder: DataFolderHolder): Promise<number> {
  const url = `${holder.url}/operator/cli`;
  console.error(
    `steward: ${describeDataFolderHolder(holder)} has the data folder open; running the command through it.`,
  );
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${holder.operatorToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ args }),
      signal: AbortSignal.timeout(answerTimeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).cause ?? error;
    console.error(
      `steward: ${describeDataFolderHolder(holder)} holds the data folder but did not answer at ${url} (${String(reason)}). Stop it (kill ${holder.pid}) and run the command again.`,
    );
    return 1;
  }
  const answer = (await response.json().catch(() => undefined)) as OperatorAnswer | undefined;
  for (const line of answer?.lines ?? []) console.log(line);
  if (response.ok) return 0;
  const error = answer?.error ?? `the server answered HTTP ${response.status}`;
  if (answer?.usage) {
    console.error(`steward: ${error}\n\n${cliUsage}`);
    return 2;
  }
  console.error(`steward: ${error}`);
  return 1;
}

/** What the operator should do when the folder's holder cannot run the command for them. */
export function adviseHolder(holder: Pick<DataFolderHolder, "role" | "pid" | "url">): string {
  if (holder.role === serverRole) {
    return "It is still starting: run the command again once it prints its URL.";
  }
  return `Wait for it to finish (or stop it: kill ${holder.pid}), then run this command again.`;
}
