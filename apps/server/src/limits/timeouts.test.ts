import { connect } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { silentLogger } from "@steward/api";
import { createApiKey, createWorkspace } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { serverOptionsOf } from "./limits";

/** Opens a socket, writes `text`, and resolves with how long the server took to close it. */
function timeUntilClosed(port: number, text: string) {
  return new Promise<{ seconds: number; answer: string }>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const started = performance.now();
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve({ seconds: (performance.now() - started) / 1000, answer }));
    socket.write(text);
    setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept a stalled connection open for 10 s"));
    }, 10_000);
  });
}

describe("timeouts on a listening server", () => {
  const database = useTestDatabase();
  let server: ServerType | undefined;
  afterEach(() => {
    server?.close();
  });

  async function listen() {
    const app = createApp({
      database: database.current,
      logger: silentLogger,
      limits: { bodyIdleTimeoutSeconds: 1 },
    });
    server = serve({
      fetch: app.fetch,
      port: 0,
      hostname: "127.0.0.1",
      serverOptions: serverOptionsOf({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 30 }),
    });
    await new Promise((resolve) => server?.once("listening", resolve));
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  it("drops a body that stalls after its headers within the body idle timeout", async () => {
    const workspace = await createWorkspace(database.current.db, { name: "Stall" });
    const { plainKey } = await createApiKey(database.current.db, {
      workspaceId: workspace.id,
      name: "stall",
      scopes: ["ingest"],
    });
    const port = await listen();
    const { seconds } = await timeUntilClosed(
      port,
      `POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${plainKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"v":1,"events":[`,
    );
    expect(seconds).toBeGreaterThanOrEqual(0.9);
    expect(seconds).toBeLessThan(3);
  });

  it("drops headers that never finish within the headers timeout", async () => {
    const port = await listen();
    const { seconds, answer } = await timeUntilClosed(
      port,
      "POST /v1/ingest HTTP/1.1\r\nHost: x\r\n",
    );
    expect(seconds).toBeLessThan(3.5);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });
});
