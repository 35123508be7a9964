// Migrates one template per test run, so each test file starts from a copy of the real
// migrations instead of migrating (or mocking) on its own.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDatabaseClient } from "../client";
import { migrateDatabase } from "../migrations";
import { pgliteExtensions } from "../pglite-extensions";
import { uniqueDatabaseName, withDatabaseName } from "./store-template";

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  return databaseUrl ? setupPostgres(project, databaseUrl) : setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const pglite = await PGlite.create({ extensions: await pgliteExtensions() });
  const client = await createDatabaseClient({ kind: "pglite-instance", pglite });
  const { applied } = await migrateDatabase(client);
  const dump = await pglite.dumpDataDir("none");
  await client.close();
  const dumpFile = join(tmpdir(), `${uniqueDatabaseName("steward_template")}.tar`);
  writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  console.log(`Test store: PGlite, template migrated to ${applied.at(-1)} (${dumpFile})`);
  project.provide("stewardTestStore", { kind: "pglite", dumpFile });
  return () => rmSync(dumpFile, { force: true });
}

async function setupPostgres(project: TestProject, adminUrl: string) {
  const templateDatabase = uniqueDatabaseName("steward_template");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${templateDatabase}"`);
  const client = await createDatabaseClient({
    kind: "postgres",
    url: withDatabaseName(adminUrl, templateDatabase),
    maxConnections: 1,
  });
  try {
    const { applied } = await migrateDatabase(client);
    console.log(`Test store: Postgres, template ${templateDatabase} migrated to ${applied.at(-1)}`);
  } finally {
    // CREATE DATABASE … TEMPLATE refuses a template that anyone is connected to.
    await client.close();
  }
  project.provide("stewardTestStore", { kind: "postgres", adminUrl, templateDatabase });
  return async () => {
    await admin.unsafe(`drop database if exists "${templateDatabase}" with (force)`);
    await admin.end();
  };
}
