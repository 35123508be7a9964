import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../rows";
import { useTestDatabase } from "../testing";

// Seed 001's contract, written out here rather than imported, so the test checks the schema
// against the seed and not against itself.
const seedEnums: Record<string, string[]> = {
  sandbox_status: [
    "pending",
    "running",
    "stopping",
    "stopped",
    "failed",
    "aborted",
    "snapshotting",
  ],
  sandbox_source_type: ["git", "tarball", "snapshot", "empty"],
  snapshot_status: ["created", "deleted", "failed"],
  feature_phase: [
    "analysis",
    "approaches",
    "judging",
    "implementation",
    "pr",
    "completed",
    "failed",
  ],
  phase_status: ["running", "passed", "failed"],
  agent_type: ["orchestrator", "explorer", "coder", "judge", "meta_judge"],
  finish_reason: ["stop", "length", "content-filter", "tool-calls", "error", "other"],
  tool_output_type: ["text", "json", "execution-denied", "error-text", "error-json", "content"],
  memory_kind: ["insight", "failure", "decision", "constraint"],
  cta_kind: ["approval", "text", "choice"],
};

describe("seed 001 enums", () => {
  const database = useTestDatabase();

  it("exist in schema agent with exactly the seed's values, in order, and no others", async () => {
    const rows = rowsOf<{ name: string; value: string }>(
      await database.current.db.execute(sql`
        select t.typname as name, e.enumlabel as value
        from pg_type t
        join pg_namespace n on n.oid = t.typnamespace
        join pg_enum e on e.enumtypid = t.oid
        where n.nspname = 'agent'
        order by t.typname, e.enumsortorder`),
    );
    const actual: Record<string, string[]> = {};
    for (const row of rows) {
      actual[row.name] ??= [];
      actual[row.name]?.push(row.value);
    }
    expect(actual).toEqual(seedEnums);
  });
});
