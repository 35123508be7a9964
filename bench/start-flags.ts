import { readFileSync } from "node:fs";

/**
 * The node flags an app's start script gives its process (`node --max-… --import tsx …`), with
 * `${VAR:-default}` read from this environment, so a bench runs the app's code under the same
 * memory settings as `pnpm start`. Throws when the script is not of that shape: a bench that
 * silently dropped the flags would measure another process.
 */
export function startScriptFlags(app: "server" | "worker"): string[] {
  const manifest = JSON.parse(
    readFileSync(new URL(`../apps/${app}/package.json`, import.meta.url), "utf8"),
  ) as { scripts: { start: string } };
  const script = manifest.scripts.start;
  const [command, ...words] = script.split(/\s+/);
  if (command !== "node" || !words.includes("--import")) {
    throw new Error(`apps/${app}'s start script is not "node <flags> --import tsx …": ${script}`);
  }
  return words.slice(0, words.indexOf("--import")).map((flag) =>
    flag.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => {
      return process.env[name] ?? fallback;
    }),
  );
}
