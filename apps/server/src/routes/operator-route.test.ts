import { silentLogger } from "@steward/api";
import { findUsableApiKey } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import type { OperatorAnswer } from "./operator-route";

describe("POST /operator/cli", () => {
  const database = useTestDatabase();
  const operatorToken = "the-token-from-the-lock-file";
  const app = () =>
    createApp({
      database: database.current,
      logger: silentLogger,
      operator: { where: "the test store", operatorToken, serverPid: 4242 },
    });
  const send = (args: unknown, authorization = `Bearer ${operatorToken}`) =>
    app().request("/operator/cli", {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ args }),
    });
  const answerOf = async (response: Response) => (await response.json()) as OperatorAnswer;

  it("runs an operator command against the server's own database and answers its lines", async () => {
    const created = await send(["workspace", "create", "Acme", "--slug", "acme-op"]);
    expect(created.status).toBe(200);
    expect((await answerOf(created)).lines).toEqual([
      expect.stringMatching(/^Created workspace "Acme" \(slug acme-op/),
    ]);
    const key = await send(["key", "create", "--workspace", "acme-op", "--scopes", "read"]);
    const plainKey = /\s(stw_\S+)$/.exec((await answerOf(key)).lines.join("\n"))?.[1] ?? "";
    expect((await findUsableApiKey(database.current.db, plainKey))?.scopes).toEqual(["read"]);
  });

  it("answers 401 to anyone without the token, whatever they ask", async () => {
    for (const authorization of ["", "Bearer ", "Bearer wrong", `Basic ${operatorToken}`]) {
      const answer = await send(["workspace", "list"], authorization);
      expect(answer.status).toBe(401);
      expect(JSON.stringify(await answer.json())).not.toContain("acme");
    }
    expect((await app().request("/operator/cli")).status).toBe(401);
    expect((await app().request("/operator/anything", { method: "POST" })).status).toBe(401);
  });

  it("refuses a rollback under the running server with what to do, and explains a wrong command", async () => {
    const rollback = await send(["rollback"]);
    expect(rollback.status).toBe(409);
    expect((await answerOf(rollback)).error).toBe(
      "The Steward server (pid 4242) has the test store open and expects its schema: stop the server (pid 4242) first, then run `pnpm steward rollback`.",
    );
    const migrate = await send(["migrate"]);
    expect((await answerOf(migrate)).lines[0]).toMatch(
      /^Nothing to apply: the running server \(pid 4242\) applied the migrations when it started/,
    );
    const wrong = await send(["key", "list", "--bogus"]);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      usage: true,
      error: expect.stringMatching(/--bogus/),
    });
    expect((await send("workspace list")).status).toBe(400);
  });

  it("does not exist on a server without an operator token (Postgres)", async () => {
    const plain = createApp({ database: database.current, logger: silentLogger });
    const answer = await plain.request("/operator/cli", { method: "POST" });
    expect(answer.status).toBe(404);
  });
});
