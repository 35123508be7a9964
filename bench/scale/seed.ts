import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql } from "postgres";
import {
  ctaColumns,
  ctaLines,
  deadLetterColumns,
  deadLetterLines,
  invocationColumns,
  invocationLines,
  runColumns,
  runLines,
  stepColumns,
  stepLines,
  toolCallColumns,
  toolCallLines,
} from "./rows";
import type { Batch } from "./shape";

type Table = {
  name: string;
  columns: string;
  lines: (batch: Batch) => Iterable<string>;
};

export const seededTables: Table[] = [
  { name: "feature_runs", columns: runColumns, lines: runLines },
  { name: "agent_invocations", columns: invocationColumns, lines: invocationLines },
  { name: "agent_steps", columns: stepColumns, lines: stepLines },
  { name: "tool_calls", columns: toolCallColumns, lines: toolCallLines },
  { name: "cta_events", columns: ctaColumns, lines: ctaLines },
  { name: "ingest_dead_letters", columns: deadLetterColumns, lines: deadLetterLines },
];

/** Lines joined into chunks of about 256 KB, so the stream is not one call per row. */
function* chunked(lines: Iterable<string>, onRows: (n: number) => void) {
  let chunk = "";
  let rows = 0;
  for (const line of lines) {
    chunk += line;
    rows++;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      onRows(rows);
      chunk = "";
      rows = 0;
    }
  }
  if (chunk) {
    yield chunk;
    onRows(rows);
  }
}

/**
 * Writes one batch with COPY, table by table, parents first. The rows are consistent by
 * construction, so the foreign-key triggers are skipped (`session_replication_role = replica`)
 * as a bulk load does; check constraints and every index are kept and maintained.
 */
export async function copyBatch(
  sql: Sql,
  batch: Batch,
  progress: (table: string, rows: number) => void,
) {
  await sql.begin(async (tx) => {
    await tx.unsafe("set local session_replication_role = replica");
    await tx.unsafe("set local synchronous_commit = off");
    for (const table of seededTables) {
      let written = 0;
      let reported = 0;
      const target = await tx
        .unsafe(`copy agent.${table.name} (${table.columns}) from stdin`)
        .writable();
      await pipeline(
        Readable.from(
          chunked(table.lines(batch), (n) => {
            written += n;
            if (written - reported >= 1_000_000) {
              reported = written;
              progress(table.name, written);
            }
          }),
        ),
        target,
      );
      progress(table.name, written);
    }
  });
}

/**
 * Fills the daily usage rollup from the steps, as the worker's step statement would have while
 * recording them (COPY bypasses it): the same sums per UTC day, model and agent.
 */
export async function rebuildUsageRollup(sql: Sql) {
  await sql.begin(async (tx) => {
    await tx.unsafe("truncate agent.step_usage_daily");
    await tx.unsafe(`
      insert into agent.step_usage_daily (workspace_id, day, model, agent_type, agent_id,
        input_tokens, output_tokens, total_tokens, reasoning_tokens, cache_read_tokens,
        cache_write_tokens, step_count)
      select s.workspace_id, (s.finished_at at time zone 'UTC')::date, s.model, i.agent_type,
        i.agent_id, coalesce(sum(s.input_tokens), 0), coalesce(sum(s.output_tokens), 0),
        coalesce(sum(s.total_tokens), 0), coalesce(sum(s.reasoning_tokens), 0),
        coalesce(sum(s.cache_read_tokens), 0), coalesce(sum(s.cache_write_tokens), 0), count(*)
      from agent.agent_steps s
      join agent.agent_invocations i on i.workspace_id = s.workspace_id and i.id = s.invocation_id
      where s.finished_at is not null
      group by 1, 2, 3, 4, 5`);
  });
}
