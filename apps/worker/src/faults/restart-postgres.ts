import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

/**
 * Restarts the local Postgres cluster the way an operator (or a crash and supervisor) would.
 * Needs the Debian cluster tools and the rights to use them, as CI has.
 */
export function restartLocalPostgres() {
  const version = readdirSync("/etc/postgresql").sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error("restartLocalPostgres: no cluster under /etc/postgresql");
  execFileSync(
    "pg_ctlcluster",
    ["--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
    {
      stdio: "inherit",
    },
  );
}
