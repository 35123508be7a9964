import { enqueueEvents, rowsOf } from "@steward/db";
import { createCommandTestStore } from "@steward/db/testing";
import { buildScenario, createRunWorkspace, toInboxEvents } from "@steward/telemetry/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectEachRecordedOnce } from "./expect-recorded-once";
import { restartLocalPostgres } from "./restart-postgres";
import { exited, startWorkerProcess, waitFor } from "./worker-process";

/** Retries what the database refuses while it is down, as an ingesting server's client would. */
async function untilItWorks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("the Postgres server restarted during ingestion", () => {
  it("the worker recovers by itself and every accepted event is recorded once", async () => {
    const store = await createCommandTestStore();
    const url = store.env.DATABASE_URL;
    if (!url) throw new Error("fault tests run on Postgres: set DATABASE_URL");
    const client = await store.open();
    const db = client.db;
    const worker = startWorkerProcess(url, "steward-worker-restart", 20, "info");
    let workerLog = "";
    worker.stdout?.on("data", (chunk) => (workerLog += chunk));
    worker.stderr?.on("data", (chunk) => (workerLog += chunk));
    try {
      const scenarios = Array.from({ length: 10 }, () => buildScenario());
      const workspaces: string[] = [];
      for (const scenario of scenarios) workspaces.push(await createRunWorkspace(db, scenario));

      // Half the scenarios before the restart, half during and after it.
      const send = (index: number) =>
        untilItWorks(() =>
          enqueueEvents(db, {
            workspaceId: workspaces[index] ?? "",
            events: toInboxEvents(scenarios[index]?.events ?? []),
          }),
        );
      for (let index = 0; index < 5; index++) await send(index);
      const workerBackends = async () =>
        rowsOf<{ pid: number }>(
          await db.execute(sql`select pid from pg_stat_activity
            where application_name = 'steward-worker-restart'`),
        ).map((row) => row.pid);
      await waitFor(
        async () => (await workerBackends()).length > 0,
        30_000,
        "the worker to connect",
      );
      const backendsBefore = await workerBackends();
      const restarted = new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          try {
            restartLocalPostgres();
            resolve();
          } catch (error) {
            reject(error);
          }
        }, 50);
      });
      for (let index = 5; index < scenarios.length; index++) await send(index);
      await restarted;
      for (let index = 5; index < scenarios.length; index++) await send(index);

      await waitFor(
        () =>
          untilItWorks(async () => {
            const rows = rowsOf<{ n: number }>(
              await db.execute(sql`select count(*)::int as n from agent.ingest_inbox`),
            );
            return rows[0]?.n === 0;
          }),
        90_000,
        "the worker to empty the inbox after the restart",
      ).catch((error: Error) => {
        throw new Error(`${error.message}\nworker log (tail):\n${workerLog.slice(-3000)}`);
      });
      expect(worker.exitCode, "the worker kept running through the restart").toBeNull();
      // Its connections were cut by the restart; it made new ones by itself.
      const backendsAfter = await untilItWorks(workerBackends);
      expect(backendsAfter.length).toBeGreaterThan(0);
      expect(
        backendsAfter.filter((pid) => backendsBefore.includes(pid)),
        workerLog,
      ).toEqual([]);

      worker.kill("SIGTERM");
      expect(await exited(worker)).toEqual({ code: 0, signal: null });

      await expectEachRecordedOnce(db, scenarios, workspaces);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
      await client.close();
      await store.dispose();
    }
  });
});
