import { appRouter } from "@steward/api";
import { rowsOf } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectTRPCError, useTestServer } from "../testing";
import { crossWorkspaceCases } from "./cross-workspace";

const procedureTypes = Object.fromEntries(
  Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
  ).map(([path, procedure]) => [path, procedure._def.type]),
);

type AnyProcedureClient = {
  query: (input: unknown) => Promise<unknown>;
  mutate: (input: unknown) => Promise<unknown>;
};

describe("no procedure reaches another workspace", () => {
  const server = useTestServer();

  /** A fingerprint of every row workspace B owns, in every table. */
  async function fingerprintOf(workspaceId: string) {
    const prints: Record<string, string> = {};
    for (const table of await server.database.tables()) {
      // No workspace owns a price; the walker checks the price procedures refuse A instead.
      if (table === "model_prices") continue;
      const key = table === "workspaces" ? "id" : "workspace_id";
      const [row] = rowsOf<{ print: string | null }>(
        await server.db.execute(
          sql.raw(
            `select md5(string_agg(t::text, '|' order by t::text)) as print
             from agent."${table}" t where ${key} = '${workspaceId}'`,
          ),
        ),
      );
      prints[table] = row?.print ?? "empty";
    }
    return prints;
  }

  it("has a case for every procedure of the app router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    const missing = procedures.filter((path) => !(path in crossWorkspaceCases));
    const stale = Object.keys(crossWorkspaceCases).filter((path) => !procedures.includes(path));
    expect(missing, "procedures without a cross-workspace case").toEqual([]);
    expect(stale, "cases for procedures that no longer exist").toEqual([]);
  });

  it("answers NOT_FOUND for B's ids called with A's key, and leaves B's rows as they were", async () => {
    const a = await server.workspace();
    const b = await server.workspace();
    const idsOfB = await insertOneRowInEveryTable(server.db, b.workspaceId);
    const before = await fingerprintOf(b.workspaceId);
    expect(Object.values(before).filter((print) => print === "empty")).toEqual([]);

    for (const [path, probe] of Object.entries(crossWorkspaceCases)) {
      const [namespace, name] = path.split(".") as [string, string];
      // biome-ignore lint/suspicious/noExplicitAny: walking the typed client by procedure path
      const procedure = (a.client as any)[namespace][name] as AnyProcedureClient;
      // A subscription is not one call; live.test.ts proves B never hears of A's changes.
      if (procedureTypes[path] === "subscription") continue;
      const isQuery = procedureTypes[path] === "query";
      const call = (input: unknown) => (isQuery ? procedure.query(input) : procedure.mutate(input));
      if ("notFound" in probe) {
        const { message } = await expectTRPCError(call(probe.notFound(idsOfB)), "NOT_FOUND");
        expect(message, path).not.toMatch(/workspace/i);
      } else if ("ownRowsOnly" in probe) {
        // Every row carries its workspace id, so any leaked row of B would carry B's.
        const answer = JSON.stringify(await call(probe.ownRowsOnly(idsOfB)));
        expect(answer.includes(b.workspaceId), `${path} answered a row of B`).toBe(false);
      } else if ("forbidden" in probe) {
        expect(probe.forbidden.length, `${path} states why it is refused`).toBeGreaterThan(10);
        await expectTRPCError(call(probe.input(idsOfB)), "FORBIDDEN");
      } else {
        expect(probe.exempt.length, `${path} states why it is exempt`).toBeGreaterThan(10);
        await call(probe.input(idsOfB));
      }
    }

    expect(await fingerprintOf(b.workspaceId)).toEqual(before);
  });
});
