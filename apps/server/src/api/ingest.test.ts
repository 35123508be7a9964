import { randomUUID } from "node:crypto";
import {
  agentType,
  ctaKind,
  featurePhase,
  finishReason,
  ingestDeadLetters,
  ingestInbox,
  memoryKind,
  toolOutputType,
} from "@steward/db";
import {
  agentTypeValues,
  ctaKindValues,
  featurePhaseValues,
  finishReasonValues,
  ingestLimits,
  memoryKindValues,
  type TelemetryEventInput,
  toolOutputTypeValues,
} from "@steward/events";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

const now = () => new Date().toISOString();

/** One event of every type, as an agent would send them for one invocation. */
function oneOfEach(): TelemetryEventInput[] {
  const invocationId = randomUUID();
  const stepId = randomUUID();
  const toolCall = {
    id: randomUUID(),
    invocationId,
    stepId,
    toolCallId: "call_1",
    toolName: "grep",
  };
  const runId = randomUUID();
  return [
    {
      type: "invocation.started",
      eventId: randomUUID(),
      invocationId,
      agentType: "coder",
      startedAt: now(),
    },
    {
      type: "step.finished",
      eventId: randomUUID(),
      stepId,
      invocationId,
      stepNumber: 0,
      finishReason: "tool-calls",
      usage: { inputTokens: 10, outputTokens: 2 },
      finishedAt: now(),
    },
    {
      type: "tool_call.started",
      eventId: randomUUID(),
      ...toolCall,
      input: { pattern: "x" },
      startedAt: now(),
    },
    {
      type: "tool_call.finished",
      eventId: randomUUID(),
      ...toolCall,
      outputType: "execution-denied",
      finishedAt: now(),
    },
    {
      type: "invocation.finished",
      eventId: randomUUID(),
      invocationId,
      status: "completed",
      finishedAt: now(),
    },
    {
      type: "memory.recorded",
      eventId: randomUUID(),
      id: randomUUID(),
      runId,
      kind: "insight",
      content: "Tests live beside code",
    },
    {
      type: "cta.requested",
      eventId: randomUUID(),
      id: randomUUID(),
      runId,
      kind: "choice",
      prompt: "Which?",
      options: ["a", "b"],
    },
    {
      type: "metric.recorded",
      eventId: randomUUID(),
      id: randomUUID(),
      metricType: "token_usage",
      value: 12,
    },
  ];
}

describe("telemetry ingestion", () => {
  const server = useTestServer();

  async function inboxOf(workspaceId: string) {
    return server.db.select().from(ingestInbox).where(eq(ingestInbox.workspaceId, workspaceId));
  }

  it("keeps the contract's enum values equal to seed 001's schema enums", () => {
    expect(agentTypeValues).toEqual(agentType.enumValues);
    expect(finishReasonValues).toEqual(finishReason.enumValues);
    expect(toolOutputTypeValues).toEqual(toolOutputType.enumValues);
    expect(memoryKindValues).toEqual(memoryKind.enumValues);
    expect(ctaKindValues).toEqual(ctaKind.enumValues);
    expect(featurePhaseValues).toEqual(featurePhase.enumValues);
  });

  it("accepts every event type into the caller's inbox, and a re-sent batch adds nothing", async () => {
    const { client, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const events = oneOfEach();
    const first = await client.ingest.events.mutate({ events });
    expect(first).toEqual({ accepted: events.map((event) => event.eventId), rejected: [] });
    const rows = await inboxOf(workspaceId);
    expect(rows.map((row) => row.eventType).sort()).toEqual(
      events.map((event) => event.type).sort(),
    );

    const again = await client.ingest.events.mutate({ events: [...events].reverse() });
    expect(again.accepted).toHaveLength(events.length);
    expect(await inboxOf(workspaceId)).toHaveLength(events.length);
  });

  it("rejects a bad event with its field errors and accepts the rest of its batch", async () => {
    const { client, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const [good, other] = oneOfEach();
    const bad = {
      type: "step.finished",
      eventId: randomUUID(),
      stepId: "nope",
      invocationId: randomUUID(),
      stepNumber: -1,
      finishReason: "done",
      finishedAt: now(),
    };
    const unknownType = { type: "step.started", eventId: randomUUID() };
    const huge = {
      ...(other as object),
      eventId: randomUUID(),
      input: "x".repeat(ingestLimits.maxEventBytes),
    };
    const withNul = { ...(other as object), eventId: randomUUID(), text: "a\u0000b" };
    const twoOwners = {
      type: "invocation.started",
      eventId: randomUUID(),
      invocationId: randomUUID(),
      agentType: "coder",
      taskId: randomUUID(),
      conversationId: randomUUID(),
      startedAt: now(),
    };
    const result = await client.ingest.events.mutate({
      events: [good, bad, unknownType, huge, withNul, twoOwners],
    });
    expect(result.accepted).toEqual([good?.eventId]);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(result.rejected[3]?.errors[0]?.message).toMatch(/NUL character/);
    expect(result.rejected[4]?.errors[0]?.path).toBe("phaseResultId");
    expect(result.rejected[0]?.eventId).toBe(bad.eventId);
    expect(result.rejected[0]?.errors.map((e) => e.path).sort()).toEqual([
      "finishReason",
      "stepId",
      "stepNumber",
    ]);
    expect(result.rejected[1]?.errors[0]?.path).toBe("type");
    expect(result.rejected[2]?.errors[0]?.message).toMatch(/bytes; at most/);
    expect(await inboxOf(workspaceId)).toHaveLength(1);
  });

  it("refuses an envelope that is empty or larger than the batch bound, naming the field", async () => {
    const { client } = await server.workspace({ scopes: ["ingest"] });
    await expectFieldErrors(client.ingest.events.mutate({ events: [] }), ["events"]);
    const tooMany = Array.from({ length: ingestLimits.maxEventsPerBatch + 1 }, () => ({}));
    await expectFieldErrors(client.ingest.events.mutate({ events: tooMany }), ["events"]);
  });

  it("needs the ingest scope", async () => {
    const reader = await server.workspace({ scopes: ["read", "write"] });
    await expectTRPCError(reader.client.ingest.events.mutate({ events: oneOfEach() }), "FORBIDDEN");
  });

  it("lists dead letters of the caller's workspace only, newest first", async () => {
    const a = await server.workspace();
    const b = await server.workspace();
    const letter = (workspaceId: string, reason: string, deadAt: Date) => ({
      workspaceId,
      eventId: randomUUID(),
      eventType: "step.finished",
      payload: { type: "step.finished" },
      reason,
      attempts: 5,
      receivedAt: new Date(),
      deadAt,
    });
    await server.db
      .insert(ingestDeadLetters)
      .values([
        letter(a.workspaceId, "unknown invocation", new Date(Date.now() - 1000)),
        letter(a.workspaceId, "unknown step", new Date()),
        letter(b.workspaceId, "theirs", new Date()),
      ]);
    const page = await a.client.ingest.deadLetters.query({ limit: 1 });
    expect(page.items.map((item) => item.reason)).toEqual(["unknown step"]);
    const next = await a.client.ingest.deadLetters.query({
      limit: 1,
      cursor: page.nextCursor ?? "",
    });
    expect(next.items.map((item) => item.reason)).toEqual(["unknown invocation"]);
    expect(next.nextCursor).toBeNull();
  });
});

describe("POST /v1/ingest", () => {
  const server = useTestServer();

  async function post(body: string, key?: string) {
    return server.app.request("/v1/ingest", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body,
    });
  }

  it("accepts a JSON batch and answers which events were accepted and rejected", async () => {
    const { plainKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const events = oneOfEach();
    const response = await post(
      JSON.stringify({ v: 1, events: [...events, { type: "nope" }] }),
      plainKey,
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { accepted: string[]; rejected: { index: number }[] };
    expect(answer.accepted).toEqual(events.map((event) => event.eventId));
    expect(answer.rejected.map((r) => r.index)).toEqual([events.length]);
    const rows = await server.db
      .select()
      .from(ingestInbox)
      .where(eq(ingestInbox.workspaceId, workspaceId));
    expect(rows).toHaveLength(events.length);
  });

  it("answers 401, 403, 400 and 413 with a reason, writing nothing", async () => {
    const { plainKey: ingestKey, workspaceId } = await server.workspace({ scopes: ["ingest"] });
    const { plainKey: readKey } = await server.workspace({ scopes: ["read"] });
    const batch = JSON.stringify({ events: oneOfEach() });
    expect((await post(batch)).status).toBe(401);
    expect((await post(batch, "stw_unknown")).status).toBe(401);
    expect((await post(batch, readKey)).status).toBe(403);
    const notJson = await post("{events:", ingestKey);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { code: "BAD_REQUEST", message: "The body is not JSON" },
    });
    const wrongShape = await post(JSON.stringify({ v: 2, events: "all" }), ingestKey);
    expect(wrongShape.status).toBe(400);
    const { fieldErrors } = (await wrongShape.json()) as { fieldErrors: { path: string }[] };
    expect(fieldErrors.map((e) => e.path).sort()).toEqual(["events", "v"]);
    const tooBig = await post(
      JSON.stringify({ events: ["x".repeat(ingestLimits.maxBatchBytes)] }),
      ingestKey,
    );
    expect(tooBig.status).toBe(413);
    expect(
      await server.db.select().from(ingestInbox).where(eq(ingestInbox.workspaceId, workspaceId)),
    ).toEqual([]);
  });
});
