import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DatabaseClient } from "./client";
import { rowsOf } from "./rows";

/** The one migrations folder, used by Postgres, PGlite and the tests alike. */
export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

const migrationsConfig = {
  migrationsFolder,
  migrationsSchema: "agent",
  migrationsTable: "__drizzle_migrations",
} as const;

export type MigrationEntry = { tag: string; createdAt: number };

/** The migrations drizzle-kit generated, oldest first. */
export function readMigrationJournal(): MigrationEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8"));
  return (journal.entries as { tag: string; when: number }[]).map((entry) => ({
    tag: entry.tag,
    createdAt: entry.when,
  }));
}

export function readMigrationSql(tag: string, direction: "up" | "down"): string {
  const file = direction === "up" ? `${tag}.sql` : `${tag}.down.sql`;
  return readFileSync(join(migrationsFolder, file), "utf8");
}

/** Tags of the migrations applied to this database, oldest first. */
export async function listAppliedMigrations(client: DatabaseClient): Promise<string[]> {
  const exists = rowsOf<{ present: boolean }>(
    await client.db.execute(
      sql`select to_regclass('agent.__drizzle_migrations') is not null as present`,
    ),
  );
  if (!exists[0]?.present) return [];
  const rows = rowsOf<{ created_at: string | number }>(
    await client.db.execute(
      sql`select created_at from agent.__drizzle_migrations order by created_at`,
    ),
  );
  const byTime = new Map(readMigrationJournal().map((entry) => [entry.createdAt, entry.tag]));
  return rows.map((row) => byTime.get(Number(row.created_at)) ?? `unknown@${row.created_at}`);
}

export type MigrateResult = { applied: string[]; current: string | null };

export async function migrateDatabase(client: DatabaseClient): Promise<MigrateResult> {
  return client.withMigrationLock(async () => {
    const before = await listAppliedMigrations(client);
    if (client.store === "postgres") {
      await migratePostgres(client.db as unknown as PostgresJsDatabase, migrationsConfig);
    } else {
      const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
      await migratePglite(client.db as unknown as PgliteDatabase, migrationsConfig);
    }
    const after = await listAppliedMigrations(client);
    return { applied: after.slice(before.length), current: after.at(-1) ?? null };
  });
}

export type RollbackResult = { reverted: string | null; current: string | null };

/**
 * Reverts the latest applied migration with its reviewed down script, in one transaction, and
 * forgets it, so the next migrate applies it again.
 */
export async function rollbackLatestMigration(client: DatabaseClient): Promise<RollbackResult> {
  return client.withMigrationLock(async () => {
    const applied = await listAppliedMigrations(client);
    const latest = applied.at(-1);
    if (!latest) return { reverted: null, current: null };
    const entry = readMigrationJournal().find((candidate) => candidate.tag === latest);
    if (!entry) throw new Error(`The latest applied migration (${latest}) is not in the journal`);
    const statements = splitStatements(readMigrationSql(entry.tag, "down"));
    await client.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`delete from agent.__drizzle_migrations where created_at = ${entry.createdAt}`,
      );
    });
    return { reverted: entry.tag, current: applied.at(-2) ?? null };
  });
}

/** drizzle-kit's own separator, so up and down scripts split the same way. */
export function splitStatements(script: string): string[] {
  return script
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/^--.*$/gm, "").trim().length > 0);
}
