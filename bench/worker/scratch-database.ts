import { createDatabaseClient } from "@steward/db";
import type postgres from "postgres";

/** A migrated database of the bench's own on the server of `adminUrl`; `drop` removes it. */
export async function createScratchDatabase(admin: postgres.Sql, adminUrl: string, label: string) {
  const name = `steward_bench_worker_${label}_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const client = await createDatabaseClient({ kind: "postgres", url, migrate: true });
  return {
    url,
    client,
    async drop() {
      await client.close().catch(() => {});
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** Polls `check` until it answers true; throws after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await check()) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`bench/worker: timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
