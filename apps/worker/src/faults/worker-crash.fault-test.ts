import { enqueueEvents, rowsOf } from "@steward/db";
import { createCommandTestStore } from "@steward/db/testing";
import { buildScenario, createRunWorkspace, toInboxEvents } from "@steward/telemetry/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectEachRecordedOnce } from "./expect-recorded-once";
import { exited, startWorkerProcess, waitFor } from "./worker-process";

describe("a worker killed in the middle of a batch", () => {
  it("loses and doubles nothing while a second worker runs, over several kills", async () => {
    const store = await createCommandTestStore();
    const url = store.env.DATABASE_URL;
    if (!url) throw new Error("fault tests run on Postgres: set DATABASE_URL");
    const client = await store.open();
    const db = client.db;
    try {
      // Scenarios arrive while the workers run; each lands in a workspace of its own.
      const scenarios = Array.from({ length: 16 }, () => buildScenario());
      const workspaces: string[] = [];
      for (const scenario of scenarios) workspaces.push(await createRunWorkspace(db, scenario));
      const send = (index: number) =>
        enqueueEvents(db, {
          workspaceId: workspaces[index] ?? "",
          events: toInboxEvents(scenarios[index]?.events ?? []),
        });
      for (let index = 0; index < 4; index++) await send(index);

      const steady = startWorkerProcess(url, "steward-worker-steady");
      for (let round = 0; round < 6; round++) {
        const name = `steward-worker-victim-${round}`;
        const victim = startWorkerProcess(url, name, 10);
        await send(4 + round * 2);
        await send(5 + round * 2);
        // Kill the victim while it holds claimed inbox rows: its batch is half done.
        // FOR UPDATE on the inbox shows as a RowShareLock held by the claiming transaction.
        await waitFor(
          async () => {
            const rows = rowsOf<{ n: number }>(
              await db.execute(sql`select count(*)::int as n from pg_locks l
                join pg_stat_activity a on a.pid = l.pid
                where a.application_name = ${name}
                  and l.relation = 'agent.ingest_inbox'::regclass and l.mode = 'RowShareLock'`),
            );
            return (rows[0]?.n ?? 0) > 0;
          },
          30_000,
          `${name} to be inside a batch`,
        );
        victim.kill("SIGKILL");
        expect((await exited(victim)).signal).toBe("SIGKILL");
        // Resend a scenario already sent, as a client retrying after a lost answer would.
        await send(round);
      }

      await waitFor(
        async () => {
          const rows = rowsOf<{ n: number }>(
            await db.execute(sql`select count(*)::int as n from agent.ingest_inbox`),
          );
          return rows[0]?.n === 0;
        },
        90_000,
        "the inbox to empty",
      );
      steady.kill("SIGTERM");
      expect(await exited(steady)).toEqual({ code: 0, signal: null });

      await expectEachRecordedOnce(db, scenarios, workspaces);
      // Each event is in the ledger once per workspace that sent it (victims' and reference).
      const [ledger] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from agent.ingested_events`),
      );
      expect(ledger?.n).toBe(scenarios.reduce((sum, s) => sum + s.events.length, 0) * 2);
    } finally {
      await client.close();
      await store.dispose();
    }
  });
});
