import type { ApiLogger } from "@steward/api";
import { type ApiKeyScope, createApiKey, createWorkspace, revokeApiKey } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";

/** Every line the app logs, to prove the key is in none of them. */
function recordingLogger() {
  const lines: unknown[] = [];
  const logger: ApiLogger = {
    error: (details, message) => lines.push({ details, message }),
    warn: (details, message) => lines.push({ details, message }),
    info: (details, message) => lines.push({ details, message }),
  };
  return { logger, lines };
}

describe("console sessions (POST/DELETE /console/session)", () => {
  const database = useTestDatabase();
  const log = recordingLogger();
  let app: ReturnType<typeof createApp> | undefined;
  const appOf = () => {
    app ??= createApp({ database: database.current, logger: log.logger });
    return app;
  };

  async function newKey(scopes: ApiKeyScope[] = ["read"]) {
    const workspace = await createWorkspace(database.current.db, { name: "Console" });
    const { plainKey, record } = await createApiKey(database.current.db, {
      workspaceId: workspace.id,
      name: "browser",
      scopes,
      userId: null,
    });
    return { plainKey, record, workspaceId: workspace.id };
  }

  const signIn = (body: string, url = "http://steward.test/console/session") =>
    appOf().request(url, { method: "POST", headers: { "content-type": "application/json" }, body });

  /** `name=value` of the session cookie a response sets. */
  const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";

  const whoAmI = (headers: Record<string, string>) =>
    appOf().request("/trpc/apiKeys.current", { headers });

  it("signs in with a usable key: an HttpOnly, SameSite=Strict cookie that authenticates /trpc", async () => {
    const { plainKey, workspaceId } = await newKey();
    const response = await signIn(JSON.stringify({ key: ` ${plainKey}\n` }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^steward_key=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(cookieOf(response)).toBe(`steward_key=${plainKey}`);

    const answer = await whoAmI({ cookie: cookieOf(response) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ result: { data: { workspaceId } } });
  });

  it("marks the cookie Secure when the browser came over https", async () => {
    const { plainKey } = await newKey();
    const direct = await signIn(
      JSON.stringify({ key: plainKey }),
      "https://steward.test/console/session",
    );
    expect(direct.headers.get("set-cookie")).toMatch(/; Secure/);
    const proxied = await appOf().request("http://steward.test/console/session", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      body: JSON.stringify({ key: plainKey }),
    });
    expect(proxied.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("refuses a bad key with 401 naming the problem, and a malformed body with 400", async () => {
    const unknown = await signIn(JSON.stringify({ key: "stw_not-a-real-key" }));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: "Unknown, revoked or expired API key" });
    expect(unknown.headers.get("set-cookie")).toBeNull();

    const notAKey = await signIn(JSON.stringify({ key: "hunter2" }));
    expect(notAKey.status).toBe(401);
    expect(((await notAKey.json()) as { error: string }).error).toMatch(/keys start with stw_/);

    const { plainKey, record, workspaceId } = await newKey();
    await revokeApiKey(database.current.db, { workspaceId, id: record.id });
    const revoked = await signIn(JSON.stringify({ key: plainKey }));
    expect(revoked.status).toBe(401);

    for (const body of ["", "not json", "{}", '{"key":42}', "[]"]) {
      const malformed = await signIn(body);
      expect(malformed.status, body).toBe(400);
      expect(await malformed.json()).toEqual({ error: 'Send JSON: { "key": "stw_…" }' });
    }
  });

  it("lets a header win over the cookie, and refuses a session whose key was revoked", async () => {
    const browser = await newKey();
    const script = await newKey();
    const cookie = `steward_key=${browser.plainKey}`;
    const both = await whoAmI({ cookie, authorization: `Bearer ${script.plainKey}` });
    expect(await both.json()).toMatchObject({
      result: { data: { workspaceId: script.workspaceId } },
    });

    await revokeApiKey(database.current.db, {
      workspaceId: browser.workspaceId,
      id: browser.record.id,
    });
    const stale = await whoAmI({ cookie });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/sign in again/);
    const junk = await whoAmI({ cookie: "steward_key=rubbish" });
    expect(junk.status).toBe(401);
  });

  it("signs out by clearing the cookie", async () => {
    const response = await appOf().request("/console/session", { method: "DELETE" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const cleared = response.headers.get("set-cookie") ?? "";
    expect(cleared).toMatch(/^steward_key=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/; Path=\//);
  });

  it("never writes a key or a cookie to the log", async () => {
    const { plainKey } = await newKey();
    const response = await signIn(JSON.stringify({ key: plainKey }));
    await whoAmI({ cookie: cookieOf(response) });
    await signIn(JSON.stringify({ key: `${plainKey}x` }));
    await appOf().request("/trpc/agents.list?input=%7B%7D", {
      headers: { cookie: cookieOf(response) },
    });
    expect(log.lines.length).toBeGreaterThan(0);
    const logged = JSON.stringify(log.lines);
    expect(logged).not.toContain(plainKey);
    expect(logged).not.toContain("steward_key");
  });

  it("counts failed sign-ins with failed bearer keys: past the bound, 429 without a lookup", async () => {
    const { plainKey } = await newKey();
    const throttled = createApp({
      database: database.current,
      logger: log.logger,
      limits: { authFailuresPerMinute: 3 },
    });
    const post = (key: string) =>
      throttled.request("/console/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key }),
      });
    expect((await post("not-a-key")).status).toBe(401);
    expect((await post(`${plainKey}x`)).status).toBe(401);
    // A bearer key that fails counts towards the same bound.
    const bearer = await throttled.request("/trpc/apiKeys.current", {
      headers: { authorization: "Bearer stw_wrong" },
    });
    expect(bearer.status).toBe(401);
    // Three failures from this address: even the right key waits out the minute.
    const refused = await post(plainKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/retry later/) });
    const trpc = await throttled.request("/trpc/apiKeys.current", {
      headers: { authorization: `Bearer ${plainKey}` },
    });
    expect(trpc.status).toBe(429);
  });
});
