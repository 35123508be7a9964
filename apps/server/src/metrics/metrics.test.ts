import { randomUUID } from "node:crypto";
import { silentLogger } from "@steward/api";
import { createApiKey, createWorkspace, readInboxPressure, setApiKeyRateLimit } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { runWorker } from "@steward/telemetry";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { createServerMetrics } from "./server-metrics";

/** Every series /metrics promises, by name. */
const namedSeries = [
  "steward_http_requests_total",
  "steward_http_request_duration_seconds",
  "steward_events_accepted_total",
  "steward_events_rejected_total",
  "steward_events_applied_total",
  "steward_events_dead_lettered_total",
  "steward_worker_events_applied_total",
  "steward_worker_events_dead_lettered_total",
  "steward_worker_batch_duration_seconds",
  "steward_inbox_depth",
  "steward_inbox_oldest_age_seconds",
  "steward_inbox_max_depth",
  "steward_dead_letters",
  "steward_db_connections",
  "steward_admission_refusals_total",
  "steward_request_body_bytes_in_flight",
  "steward_request_bodies_waiting",
  "steward_process_resident_memory_bytes",
];

type Scrape = Map<string, MetricFamily>;

function sampleOf(scrape: Scrape, name: string, labels: Record<string, string> = {}) {
  const family = scrape.get(name);
  const sample = family?.metrics.find((metric) =>
    Object.entries(labels).every(([label, value]) => metric.labels?.[label] === value),
  );
  return Number(sample?.value ?? sample?.count ?? Number.NaN);
}

function invocation() {
  return {
    type: "invocation.started",
    eventId: randomUUID(),
    invocationId: randomUUID(),
    agentType: "coder",
    startedAt: new Date().toISOString(),
  };
}

describe("GET /metrics", () => {
  const database = useTestDatabase();

  it("serves every named series in Prometheus text format, moving as events flow", async () => {
    const db = database.current.db;
    const metrics = createServerMetrics();
    const app = createApp({
      database: database.current,
      logger: silentLogger,
      metrics,
      limits: { inboxCheckIntervalMs: 0 },
    });
    const scrape = async (): Promise<Scrape> => {
      const answer = await app.request("/metrics");
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
      const families = parsePrometheusTextFormat(await answer.text());
      return new Map(families.map((family) => [family.name, family]));
    };
    const before = await scrape();
    for (const name of namedSeries) expect(before.has(name), name).toBe(true);

    const workspace = await createWorkspace(db, { name: "Metrics" });
    const { plainKey, record } = await createApiKey(db, {
      workspaceId: workspace.id,
      name: "metrics",
      scopes: ["ingest"],
    });
    const post = (events: unknown[]) =>
      app.request("/v1/ingest", {
        method: "POST",
        headers: { authorization: `Bearer ${plainKey}`, "content-type": "application/json" },
        body: JSON.stringify({ v: 1, events }),
      });
    const accepted = Array.from({ length: 10 }, invocation);
    expect((await post([...accepted, { type: "invocation.started" }])).status).toBe(200);
    const queued = await scrape();
    expect(sampleOf(queued, "steward_events_accepted_total")).toBe(10);
    expect(sampleOf(queued, "steward_events_rejected_total")).toBe(1);
    expect(sampleOf(queued, "steward_inbox_depth")).toBeGreaterThanOrEqual(10);
    expect(
      sampleOf(queued, "steward_http_requests_total", { route: "/v1/ingest", status: "200" }),
    ).toBe(1);
    // The parser folds a labelled histogram into one sample of buckets (as prom2json does).
    const latency = queued.get("steward_http_request_duration_seconds");
    expect(latency?.type).toBe("HISTOGRAM");
    expect(Number(latency?.metrics[0]?.buckets?.["+Inf"])).toBeGreaterThanOrEqual(1);

    const stop = new AbortController();
    const worker = runWorker({
      db,
      logger: silentLogger,
      signal: stop.signal,
      idlePollMs: 20,
      onBatch: (batch) => metrics.workerBatch(batch),
    });
    while ((await readInboxPressure(db)).depth > 0) await sleep(20);
    stop.abort();
    await worker;

    await setApiKeyRateLimit(db, {
      workspaceId: workspace.id,
      id: record.id,
      perSecond: 1,
      burst: 1,
    });
    expect((await post([invocation()])).status).toBe(200);
    expect((await post([invocation()])).status).toBe(429);

    // The ledger's insert count comes from the database's statistics, flushed within a second.
    let after = await scrape();
    for (let tries = 0; tries < 30; tries++) {
      if (
        sampleOf(after, "steward_events_applied_total") >=
        sampleOf(before, "steward_events_applied_total") + 10
      ) {
        break;
      }
      await sleep(100);
      after = await scrape();
    }
    for (const name of namedSeries) expect(after.has(name), name).toBe(true);
    expect(sampleOf(after, "steward_events_applied_total")).toBeGreaterThanOrEqual(
      sampleOf(before, "steward_events_applied_total") + 10,
    );
    expect(sampleOf(after, "steward_worker_events_applied_total")).toBe(10);
    expect(sampleOf(after, "steward_worker_batch_duration_seconds")).toBeGreaterThanOrEqual(1);
    expect(sampleOf(after, "steward_inbox_depth")).toBe(1);
    expect(sampleOf(after, "steward_admission_refusals_total", { reason: "rate_limit" })).toBe(1);
    expect(
      sampleOf(after, "steward_http_requests_total", { route: "/v1/ingest", status: "429" }),
    ).toBe(1);
    expect(sampleOf(after, "steward_db_connections")).toBeGreaterThanOrEqual(0);
  });

  it("serves loopback only unless a token is set, and then only with the token", async () => {
    const app = createApp({
      database: database.current,
      logger: silentLogger,
      metricsToken: "a-metrics-token-of-some-length",
    });
    expect((await app.request("/metrics")).status).toBe(401);
    const wrong = await app.request("/metrics", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const right = await app.request("/metrics", {
      headers: { authorization: "Bearer a-metrics-token-of-some-length" },
    });
    expect(right.status).toBe(200);
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
