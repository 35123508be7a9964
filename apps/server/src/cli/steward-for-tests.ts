import type { DatabaseClient } from "@steward/db";
import { runCli } from "./run-cli";

/**
 * `pnpm steward …` for a test: runs the CLI against the test's store and answers what it
 * printed, one string. Refusals and usage errors are thrown as the CLI throws them.
 */
export function stewardOn(database: { current: DatabaseClient }) {
  return async (...args: string[]) => {
    const lines: string[] = [];
    await runCli(args, {
      database: database.current,
      where: "the test store",
      print: (line) => lines.push(line),
    });
    return lines.join("\n");
  };
}
