import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@steward/api";
import { useTestDatabase } from "@steward/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../app";

const indexHtml = '<!doctype html><div id="root">the console</div>';

describe("the console's files at /", () => {
  const database = useTestDatabase();
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  function folderWith(files: Record<string, string>) {
    const folder = mkdtempSync(join(tmpdir(), "steward-console-"));
    folders.push(folder);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(folder, path, ".."), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    return folder;
  }

  const appServing = (consoleDir: string) =>
    createApp({ database: database.current, logger: silentLogger, consoleDir });

  it("serves index.html at / and for any page of the app, never cached", async () => {
    const app = appServing(folderWith({ "index.html": indexHtml }));
    for (const path of ["/", "/runs", "/runs/0b1c/steps?x=1", "/approvals/", "/missing.png"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toMatch(/text\/html/);
      expect(response.headers.get("cache-control"), path).toBe("no-cache");
      expect(await response.text(), path).toBe(indexHtml);
    }
  });

  it("serves files as they are: hashed assets cached for good, others revalidated", async () => {
    const app = appServing(
      folderWith({
        "index.html": indexHtml,
        "assets/index-4f2a9c.js": "console.log('app')",
        "assets/index-77aa01.css": "body{}",
        "favicon.svg": "<svg/>",
      }),
    );
    const script = await app.request("/assets/index-4f2a9c.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe("console.log('app')");
    const style = await app.request("/assets/index-77aa01.css");
    expect(style.headers.get("content-type")).toMatch(/text\/css/);
    const icon = await app.request("/favicon.svg");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
    expect(await icon.text()).toBe("<svg/>");
    // A stale page asking for an old build's asset gets a 404, not HTML it would try to run.
    const stale = await app.request("/assets/index-000000.js");
    expect(stale.status).toBe(404);
    expect(stale.headers.get("cache-control")).toBe("no-store");
  });

  it("leaves the API's paths to the API", async () => {
    const app = appServing(folderWith({ "index.html": indexHtml }));
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect((await app.request("/openapi.json")).headers.get("content-type")).toMatch(/json/);
    for (const path of [
      "/v1/ingest",
      "/v1",
      "/trpc",
      "/console/session",
      "/operator/cli",
      "/readyz/x",
    ]) {
      const response = await app.request(path);
      expect(response.status, path).not.toBe(200);
      expect(await response.text(), path).not.toContain("the console");
    }
    const trpc = await app.request("/trpc/agents.list");
    expect(trpc.status).toBe(401);
  });

  it("answers 503 with how to build it when the folder has no index.html", async () => {
    for (const folder of [folderWith({}), join(tmpdir(), `steward-absent-${process.pid}`)]) {
      const app = appServing(folder);
      for (const path of ["/", "/runs/1"]) {
        const response = await app.request(path);
        expect(response.status, path).toBe(503);
        expect(response.headers.get("content-type")).toMatch(/text\/html/);
        const page = await response.text();
        expect(page).toContain("pnpm --filter @steward/web build");
        expect(page).not.toContain(folder);
      }
      expect((await app.request("/healthz")).status).toBe(200);
    }
  });

  it("picks up a console built while the server runs", async () => {
    const folder = folderWith({});
    const app = appServing(folder);
    expect((await app.request("/")).status).toBe(503);
    writeFileSync(join(folder, "index.html"), indexHtml);
    expect(await (await app.request("/")).text()).toBe(indexHtml);
  });
});
