import { silentLogger } from "@steward/api";
import { createTestDatabase, useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";

describe("server health routes", () => {
  const database = useTestDatabase();

  it("answers /healthz and /readyz when the database is reachable", async () => {
    const app = createApp({ database: database.current, logger: silentLogger });
    expect((await app.request("/healthz")).status).toBe(200);
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: true });
  });

  it("answers /readyz with 503 when the database is not reachable", async () => {
    const closed = await createTestDatabase();
    await closed.close();
    const app = createApp({ database: closed, logger: silentLogger });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", database: false });
  });
});
