import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../rows";
import { useTestDatabase } from "../testing";

// Every table DOMAIN.md names, written out so the test checks the schema against the domain.
const domainTables = [
  // identity and access
  "workspaces",
  "users",
  "user_settings",
  "api_keys",
  // agents
  "agents",
  "traits",
  "agent_traits",
  "agent_capabilities",
  "agent_instances",
  // planning and work
  "projects",
  "requirements",
  "requirement_features",
  "features",
  "sub_features",
  "sprints",
  "tasks",
  "task_dependencies",
  "task_assignments",
  // runs and telemetry
  "sandboxes",
  "sandbox_snapshots",
  "feature_runs",
  "phase_results",
  "agent_invocations",
  "agent_steps",
  "tool_calls",
  "memory_records",
  "cta_events",
  "checkpoints",
  "metrics",
  "sessions",
  // conversations
  "conversations",
  "messages",
  "conversation_context",
  // telemetry ingestion (issue 4): the inbox, the ledger of applied events, dead letters
  "ingest_inbox",
  "ingested_events",
  "ingest_dead_letters",
  // usage reports: the steps' usage summed per day, model and agent (a rollup kept by the worker)
  "step_usage_daily",
  // costs: the model price table, global (no workspace owns a price)
  "model_prices",
].sort();

/** Tables no workspace owns: the tenants themselves, and the prices every workspace reads. */
const globalTables = ["agent.workspaces", "agent.model_prices"];

type KeyRow = { table_name: string; kind: string; name: string; columns: string[] };

describe("tables", () => {
  const database = useTestDatabase();

  it("are exactly the tables of DOMAIN.md, all in schema agent", async () => {
    expect(await database.current.tables()).toEqual(domainTables);
    const outside = rowsOf<{ table_name: string }>(
      await database.current.db.execute(sql`
        select table_name from information_schema.tables
        where table_schema not in ('agent', 'pg_catalog', 'information_schema')`),
    );
    expect(outside).toEqual([]);
  });

  it("lead every primary key, unique constraint and foreign key of tenant tables with workspace_id", async () => {
    const keys = rowsOf<KeyRow>(
      await database.current.db.execute(sql`
        select c.conrelid::regclass::text as table_name, c.contype::text as kind, c.conname as name,
          (select array_agg(a.attname::text order by k.ord)
             from unnest(c.conkey) with ordinality as k(attnum, ord)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)::text[] as columns
        from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'agent' and c.contype in ('p', 'u', 'f')
          and c.conrelid <> 'agent.__drizzle_migrations'::regclass`),
    );
    const tenantKeys = keys.filter((key) => !globalTables.includes(key.table_name));
    expect(tenantKeys.length).toBeGreaterThan(90);
    const notLed = tenantKeys.filter((key) => key.columns[0] !== "workspace_id");
    expect(notLed).toEqual([]);
    // A reference to another tenant row carries workspace_id, so it cannot cross workspaces.
    const singleColumnReferences = tenantKeys.filter(
      (key) => key.kind === "f" && key.columns.length === 1 && !key.name.endsWith("_workspace_fk"),
    );
    expect(singleColumnReferences).toEqual([]);
  });

  it("carry the indexes seeds 001 and 003 list, each behind workspace_id", async () => {
    const indexes = rowsOf<{ table_name: string; definition: string }>(
      await database.current.db.execute(sql`
        select tablename as table_name, indexdef as definition from pg_indexes
        where schemaname = 'agent'`),
    );
    const has = (table: string, columns: string) =>
      indexes.some(
        (index) =>
          index.table_name === table && index.definition.includes(`(workspace_id, ${columns})`),
      );
    const expected: [string, string][] = [
      // seed 001
      ["feature_runs", "current_phase"],
      ["phase_results", "run_id, phase"],
      ["agent_invocations", "phase_result_id, agent_type"],
      ["agent_steps", "invocation_id, step_number"],
      ["tool_calls", "step_id"],
      ["tool_calls", "invocation_id"],
      ["memory_records", "run_id, phase"],
      ["cta_events", "run_id"],
      // seed 003
      ["agents", "type, status"],
      ["agents", "slug"],
      ["tasks", "assignee_type, assignee_id"],
      ["tasks", "delegation_status"],
      ["tasks", "project_id, status"],
      ["task_assignments", "task_id"],
      ["task_assignments", "agent_id"],
      ["task_assignments", "status"],
      ["task_assignments", "assigned_at"],
    ];
    const missing = expected.filter(([table, columns]) => !has(table, columns));
    expect(missing).toEqual([]);
  });
});
