import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabaseClient, createWorkspace } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { CliRefusedError, CliUsageError, runCli } from "./run-cli";
import { stewardOn } from "./steward-for-tests";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const folder = mkdtempSync(join(tmpdir(), "steward-operator-data-"));
const admin = await createDatabaseClient({ kind: "postgres", url: adminUrl, maxConnections: 1 });
const created: string[] = [];

afterAll(async () => {
  for (const name of created) {
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  }
  await admin.close();
  rmSync(folder, { recursive: true, force: true });
});

async function freshDatabaseUrl() {
  const name = `steward_copy_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.db.execute(sql.raw(`create database "${name}"`));
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe("pnpm steward copy, retention and backup", () => {
  const database = useTestDatabase();

  const steward = stewardOn(database);

  it("copies to Postgres, stops when asked and resumes, printing counts and checksums per table", async () => {
    await createWorkspace(database.current.db, { name: "Moving", slug: "moving" });
    const url = await freshDatabaseUrl();
    const stopped = await steward("copy", "--to", url, "--stop-after-batches", "2");
    expect(stopped).toMatch(/Migrated Postgres at .*: applied \d+ migration\(s\)/);
    expect(stopped).toMatch(/Stopped after 2 batch\(es\)/);
    const finished = await steward("copy", "--to", url, "--batch-size", "50");
    expect(finished).toMatch(/resuming after the rows already copied/);
    expect(finished).toMatch(/\n {2}workspaces\t(\d+)\t\1\t([0-9a-f]{32})\t\2\t/);
    expect(finished).toMatch(/counts and checksums equal/);
    expect(finished).not.toMatch(/\n! /);
  });

  it("names the field of a bad copy and refuses it under a running server", async () => {
    await expect(steward("copy")).rejects.toThrow(/--to <postgres/);
    await expect(steward("copy", "--to", "mysql://db/x")).rejects.toThrow(
      /--to must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    await expect(steward("copy", "--to", "postgres://h/x", "--batch-size", "0")).rejects.toThrow(
      /--batch-size must be a whole number/,
    );
    const underServer = runCli(["copy", "--to", "postgres://h/x"], {
      database: database.current,
      where: "the test store",
      print: () => {},
      server: { pid: 4242 },
    });
    await expect(underServer).rejects.toThrow(CliRefusedError);
  });

  it("sets, lists and applies retention", async () => {
    await createWorkspace(database.current.db, { name: "Short", slug: "short" });
    expect(await steward("retention", "set", "--workspace", "short", "--days", "14")).toMatch(
      /short .* now keeps finished telemetry 14 day\(s\)/,
    );
    expect(await steward("retention", "list")).toMatch(/short\t14 day\(s\)/);
    expect(await steward("retention", "set", "--workspace", "short", "--days", "keep")).toMatch(
      /keeps its telemetry for ever/,
    );
    await expect(
      steward("retention", "set", "--workspace", "short", "--days", "3.5"),
    ).rejects.toThrow(CliUsageError);
    expect(await steward("retention", "run")).toMatch(/Retention pass over the test store/);
  });

  it("writes a backup of the embedded store, and refuses one of Postgres", async () => {
    const file = join(folder, "backup.tar.gz");
    if (database.current.store === "pglite") {
      expect(await steward("backup", file)).toMatch(
        /Backed up the test store to .*backup\.tar\.gz/,
      );
    } else {
      await expect(steward("backup", file)).rejects.toThrow(/pg_dump/);
    }
    await expect(steward("backup")).rejects.toThrow(CliUsageError);
  });
});
