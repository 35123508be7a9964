import { type Database, readOperationsCounts } from "@steward/db";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { InboxGauge, RefusalReason } from "../limits/admission";
import type { BodyBudget } from "../limits/body-budget";

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One process's metrics, in a registry of their own (tests build many apps in one process).
 * Counts of what this process did are counted as it happens; what every process shares (the
 * inbox, the ledger, dead letters, connections) is read from the database on scrape.
 */
export function createServerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "steward_" });
  const labelNames = ["route", "method", "status"] as const;
  const requests = new Counter({
    name: "steward_http_requests_total",
    help: "HTTP requests answered, by route, method and status",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "steward_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route, method and status",
    labelNames,
    buckets: secondsBuckets,
    registers: [registry],
  });
  const accepted = new Counter({
    name: "steward_events_accepted_total",
    help: "Events this server accepted into the inbox",
    registers: [registry],
  });
  const rejected = new Counter({
    name: "steward_events_rejected_total",
    help: "Events this server refused at the door, with their fields named",
    registers: [registry],
  });
  const refusals = new Counter({
    name: "steward_admission_refusals_total",
    help: "Requests turned away before their work: rate_limit and auth_throttle (429), inbox_bound and body_budget (503)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const batches = new Histogram({
    name: "steward_worker_batch_duration_seconds",
    help: "Time the worker in this process took per batch that claimed events",
    buckets: secondsBuckets,
    registers: [registry],
  });
  const workerApplied = new Counter({
    name: "steward_worker_events_applied_total",
    help: "Events the worker in this process applied",
    registers: [registry],
  });
  const workerDeadLettered = new Counter({
    name: "steward_worker_events_dead_lettered_total",
    help: "Events the worker in this process gave up on",
    registers: [registry],
  });
  for (const reason of ["rate_limit", "auth_throttle", "inbox_bound", "body_budget"] as const) {
    refusals.inc({ reason }, 0);
  }

  return {
    registry,
    observeRequest(labels: { route: string; method: string; status: number }, seconds: number) {
      const values = { ...labels, status: String(labels.status) };
      requests.inc(values);
      latency.observe(values, seconds);
    },
    ingested(result: { accepted: number; rejected: number }) {
      accepted.inc(result.accepted);
      rejected.inc(result.rejected);
    },
    refused(reason: RefusalReason) {
      refusals.inc({ reason });
    },
    /** What the worker running in this process did in one batch. */
    workerBatch(batch: { applied: number; deadLettered: number; durationMs: number }) {
      batches.observe(batch.durationMs / 1000);
      workerApplied.inc(batch.applied);
      workerDeadLettered.inc(batch.deadLettered);
    },
    /** Adds the figures read on scrape from the database and from admission. */
    watch({ db, inbox, budget, inboxMaxDepth }: WatchOptions) {
      watchDatabase(registry, db, inbox, inboxMaxDepth);
      new Gauge({
        name: "steward_request_body_bytes_in_flight",
        help: "Bytes of request bodies reserved in the body budget",
        registers: [registry],
        collect() {
          this.set(budget.heldBytes());
        },
      });
      new Gauge({
        name: "steward_request_bodies_waiting",
        help: "Requests waiting for room in the body budget",
        registers: [registry],
        collect() {
          this.set(budget.waiting());
        },
      });
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

type WatchOptions = { db: Database; inbox: InboxGauge; budget: BodyBudget; inboxMaxDepth: number };

function watchDatabase(registry: Registry, db: Database, inbox: InboxGauge, inboxMaxDepth: number) {
  // One read of the shared counts per scrape, whichever collector asks first.
  let counts: ReturnType<typeof readOperationsCounts> | undefined;
  const readCounts = () => {
    counts ??= readOperationsCounts(db).finally(() => {
      setTimeout(() => {
        counts = undefined;
      }, 100);
    });
    return counts;
  };
  new Gauge({
    name: "steward_inbox_depth",
    help: "Events accepted and waiting to be applied, every workspace's",
    registers: [registry],
    async collect() {
      this.set((await inbox.read()).depth);
    },
  });
  new Gauge({
    name: "steward_inbox_oldest_age_seconds",
    help: "Age of the oldest event waiting in the inbox",
    registers: [registry],
    async collect() {
      this.set((await inbox.read()).oldestAgeSeconds);
    },
  });
  new Gauge({
    name: "steward_inbox_max_depth",
    help: "The inbox depth past which ingestion answers 503 (0: no bound)",
    registers: [registry],
    collect() {
      this.set(inboxMaxDepth);
    },
  });
  new Gauge({
    name: "steward_dead_letters",
    help: "Events given up on and still listed, every workspace's",
    registers: [registry],
    async collect() {
      this.set((await readCounts()).deadLetters);
    },
  });
  // Every worker process writes these tables; the database's statistics count their rows.
  new Counter({
    name: "steward_events_applied_total",
    help: "Events applied by any worker (rows written to the applied-event ledger, from database statistics)",
    registers: [registry],
    async collect() {
      this.reset();
      this.inc((await readCounts()).ledgerInserts);
    },
  });
  new Counter({
    name: "steward_events_dead_lettered_total",
    help: "Events given up on by any worker (rows written to the dead letters, from database statistics)",
    registers: [registry],
    async collect() {
      this.reset();
      this.inc((await readCounts()).deadLetterInserts);
    },
  });
  new Gauge({
    name: "steward_db_connections",
    help: "The database's client connections by state, every process's",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { state, count } of (await readCounts()).connections) this.set({ state }, count);
    },
  });
}
