import { ingestLimits, type TelemetryEventInput } from "@steward/events";
import { describe, expect, it, vi } from "vitest";
import { InvalidEventError } from "./encode-event";
import { newId } from "./ids";
import { createRecorder } from "./recorder";
import type { RecorderOptions } from "./recorder-options";
import { createFakeIngest } from "./testing/fake-ingest";

const metric = (metadata?: Record<string, unknown>): TelemetryEventInput => ({
  type: "metric.recorded",
  eventId: newId(),
  id: newId(),
  metricType: "test",
  value: 1,
  metadata,
});

function setup(options: Partial<RecorderOptions> = {}) {
  const ingest = createFakeIngest();
  const logger = { warn: vi.fn(), error: vi.fn() };
  const recorder = createRecorder({
    url: "http://steward.test",
    apiKey: "stw_test",
    fetch: ingest.fetch,
    flushIntervalMs: 60_000,
    logger,
    ...options,
  });
  return { ingest, logger, recorder };
}

describe("createRecorder", () => {
  it("throws for an event that breaks the contract, naming the field, and buffers nothing", () => {
    const { recorder } = setup();
    const bad = { ...metric(), value: Number.NaN, id: "nope" } as TelemetryEventInput;
    expect(() => recorder.record(bad)).toThrow(InvalidEventError);
    expect(() => recorder.record(bad)).toThrow(/metric\.recorded event: .*id: .*value: /);
    expect(recorder.stats()).toMatchObject({ recorded: 0, buffered: 0 });
  });

  it("throws for an event over the server's size bound instead of sending it to be rejected", () => {
    const { recorder } = setup();
    const huge = metric({ blob: "x".repeat(ingestLimits.maxEventBytes) });
    expect(() => recorder.record(huge)).toThrow(/at most 262144/);
  });

  it("throws for an event that cannot be serialized", () => {
    const { recorder } = setup();
    expect(() => recorder.record(metric({ count: 1n }))).toThrow(/not JSON: .*BigInt/);
  });

  it("refuses options out of range, naming the option", () => {
    expect(() => setup({ maxBatchEvents: ingestLimits.maxEventsPerBatch + 1 })).toThrow(
      /maxBatchEvents/,
    );
    expect(() => setup({ url: "not a url" })).toThrow(/url/);
  });

  it("posts to /v1/ingest under the server's path prefix with the key", async () => {
    const { ingest, recorder } = setup({ url: "http://steward.test/telemetry/" });
    recorder.record(metric());
    await recorder.flush();
    expect(ingest.requests.map((r) => [r.url, r.authorization])).toEqual([
      ["http://steward.test/telemetry/v1/ingest", "Bearer stw_test"],
    ]);
  });

  it("retries a network error and a 429, then delivers the batch once", async () => {
    const { ingest, recorder } = setup();
    ingest.replyNext("network error", new Response("slow down", { status: 429 }));
    const events = [metric(), metric()];
    for (const event of events) recorder.record(event);
    await recorder.flush();
    expect(ingest.requests).toHaveLength(3);
    expect(ingest.accepted.map((event) => event.eventId)).toEqual(events.map((e) => e.eventId));
    expect(recorder.stats()).toMatchObject({ sent: 2, retries: 2, dropped: 0, buffered: 0 });
  });

  it("gives a batch up after maxRetries, reports it, and sends later batches", async () => {
    const onDrop = vi.fn();
    const { ingest, recorder } = setup({ maxRetries: 1, onDrop });
    ingest.replyNext(new Response("down", { status: 503 }), new Response("down", { status: 502 }));
    const lost = metric();
    recorder.record(lost);
    await recorder.flush();
    expect(onDrop).toHaveBeenCalledWith(
      [expect.objectContaining({ eventId: lost.eventId })],
      "retries exhausted",
    );

    const later = metric();
    recorder.record(later);
    await recorder.flush();
    expect(ingest.accepted.map((event) => event.eventId)).toEqual([later.eventId]);
    expect(recorder.stats()).toMatchObject({ recorded: 2, sent: 1, dropped: 1, retries: 1 });
  });

  it("drops a batch the server refuses as malformed without retrying", async () => {
    const onDrop = vi.fn();
    const { ingest, recorder } = setup({ onDrop });
    ingest.replyNext(Response.json({ error: { message: "Invalid envelope" } }, { status: 400 }));
    recorder.record(metric());
    await recorder.flush();
    expect(ingest.requests).toHaveLength(1);
    expect(onDrop).toHaveBeenCalledWith([expect.anything()], "refused");
  });

  it("splits batches so that no request body passes the server's byte bound", async () => {
    const { ingest, recorder } = setup({ maxBatchEvents: 500 });
    const events = Array.from({ length: 24 }, () => metric({ blob: "é".repeat(120_000) }));
    for (const event of events) recorder.record(event);
    await recorder.flush();
    const sizes = ingest.requests.map(
      (r) => new TextEncoder().encode(JSON.stringify({ v: 1, events: r.events })).length,
    );
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(ingestLimits.maxBatchBytes);
    expect(ingest.accepted).toHaveLength(events.length);
  });

  it("keeps sending when a callback throws, and logs the throw", async () => {
    const { ingest, logger, recorder } = setup({
      onDrop: () => {
        throw new Error("callback bug");
      },
    });
    ingest.replyNext(new Response("no", { status: 401 }));
    recorder.record(metric());
    await recorder.flush();
    recorder.record(metric());
    await recorder.flush();
    expect(ingest.accepted).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(expect.anything(), "A recorder callback threw");
  });

  it("resolves a flush at once when nothing is buffered", async () => {
    const { ingest, recorder } = setup();
    await recorder.flush();
    expect(ingest.requests).toEqual([]);
  });
});
