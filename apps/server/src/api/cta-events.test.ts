import { randomUUID } from "node:crypto";
import { agentInvocations, createApiKey, createWorkspace, ctaEvents, users } from "@steward/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

async function expectInvalidState(call: Promise<unknown>, ...fragments: string[]) {
  const { message, data } = await expectTRPCError(call, "PRECONDITION_FAILED");
  expect(data.appCode).toBe("INVALID_STATE");
  for (const fragment of fragments) expect(message).toContain(fragment);
}

async function expectBadField(call: Promise<unknown>, field: string) {
  const { data } = await expectTRPCError(call, "BAD_REQUEST");
  expect(data.field).toBe(field);
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("call-to-action events router", () => {
  const server = useTestServer();

  /** A workspace whose key acts for a user, so answers record who gave them. */
  async function workspaceWithUser() {
    const workspace = await createWorkspace(server.db, { name: "Humans" });
    const [user] = await server.db
      .insert(users)
      .values({ workspaceId: workspace.id, email: "ada@example.com" })
      .returning();
    if (!user) throw new Error("no user");
    const { plainKey } = await createApiKey(server.db, {
      workspaceId: workspace.id,
      name: "ada",
      scopes: ["write"],
      userId: user.id,
    });
    return { workspaceId: workspace.id, userId: user.id, client: server.clientFor(plainKey) };
  }

  /** Moves an event's expiry into the past, as time passing would. */
  async function pastExpiry(id: string) {
    await server.db
      .update(ctaEvents)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(ctaEvents.id, id));
  }

  it("asks, lists what is pending, and records one answer with who gave it and when", async () => {
    const { client, userId } = await workspaceWithUser();
    const run = await client.runs.create.mutate({ title: "Ship it" });
    const approval = await client.ctaEvents.request.mutate({
      kind: "approval",
      prompt: "Open the pull request?",
      runId: run.id,
      expiresAt: inAnHour(),
    });
    expect(approval).toMatchObject({ status: "pending", runId: run.id, options: null });
    const text = await client.ctaEvents.request.mutate({ kind: "text", prompt: "Which port?" });
    const choice = await client.ctaEvents.request.mutate({
      kind: "choice",
      prompt: "Which approach?",
      options: ["sessions", "jwt"],
      runId: run.id,
    });
    expect(await client.ctaEvents.get.query({ id: choice.id })).toEqual(choice);
    const pendingOfRun = await client.ctaEvents.listPending.query({ runId: run.id });
    expect(pendingOfRun.items.map((e) => e.id).sort()).toEqual([approval.id, choice.id].sort());

    const answered = await client.ctaEvents.answer.mutate({
      id: approval.id,
      response: { approved: true },
    });
    expect(answered).toMatchObject({
      status: "answered",
      response: { approved: true },
      answeredBy: userId,
    });
    expect(answered.answeredAt).toMatch(isoTimestamp);
    const picked = await client.ctaEvents.answer.mutate({
      id: choice.id,
      response: { choice: "jwt" },
    });
    expect(picked.response).toEqual({ choice: "jwt" });
    const written = await client.ctaEvents.answer.mutate({
      id: text.id,
      response: { text: "  8080 " },
    });
    expect(written.response).toEqual({ text: "8080" });
    expect((await client.ctaEvents.listPending.query({})).items).toEqual([]);
  });

  it("takes an answer once: a second one is refused, and so are concurrent ones", async () => {
    const { client } = await workspaceWithUser();
    const event = await client.ctaEvents.request.mutate({ kind: "approval", prompt: "Merge?" });
    await client.ctaEvents.answer.mutate({ id: event.id, response: { approved: false } });
    await expectInvalidState(
      client.ctaEvents.answer.mutate({ id: event.id, response: { approved: true } }),
      "from answered to answered",
    );
    expect((await client.ctaEvents.get.query({ id: event.id })).response).toEqual({
      approved: false,
    });

    const raced = await client.ctaEvents.request.mutate({ kind: "text", prompt: "Name?" });
    const outcomes = await Promise.allSettled(
      ["first", "second"].map((text) =>
        client.ctaEvents.answer.mutate({ id: raced.id, response: { text } }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("checks an answer against the kind of question, naming the field", async () => {
    const { client } = await workspaceWithUser();
    const approval = await client.ctaEvents.request.mutate({ kind: "approval", prompt: "Go?" });
    const text = await client.ctaEvents.request.mutate({ kind: "text", prompt: "Why?" });
    const choice = await client.ctaEvents.request.mutate({
      kind: "choice",
      prompt: "Which?",
      options: ["a", "b"],
    });
    const answer = (id: string, response: Record<string, unknown>) =>
      client.ctaEvents.answer.mutate({ id, response });
    await expectBadField(answer(approval.id, { approved: "yes" }), "response.approved");
    await expectBadField(answer(approval.id, { text: "yes" }), "response.approved");
    await expectBadField(answer(approval.id, { approved: true, why: "x" }), "response.why");
    await expectBadField(answer(approval.id, { approved: true, note: "   " }), "response.note");
    await expectBadField(answer(text.id, { text: "   " }), "response.text");
    await expectBadField(answer(text.id, { text: "x".repeat(10_001) }), "response.text");
    await expectBadField(answer(choice.id, { choice: "c" }), "response.choice");
    await expectBadField(answer(choice.id, { choice: 1 }), "response.choice");
    for (const event of [approval, text, choice]) {
      expect((await client.ctaEvents.get.query({ id: event.id })).status).toBe("pending");
    }
    // An approval may carry a note saying why; the agent reads it with the decision.
    const decided = await answer(approval.id, { approved: false, note: "Not before the freeze" });
    expect(decided.response).toEqual({ approved: false, note: "Not before the freeze" });
  });

  it("refuses answers past the expiry, and expires due events in one sweep", async () => {
    const { client } = await workspaceWithUser();
    const due = await client.ctaEvents.request.mutate({
      kind: "approval",
      prompt: "Deploy?",
      expiresAt: inAnHour(),
    });
    const open = await client.ctaEvents.request.mutate({ kind: "approval", prompt: "Later?" });
    await pastExpiry(due.id);
    expect((await client.ctaEvents.listPending.query({})).items.map((e) => e.id)).toEqual([
      open.id,
    ]);
    await expectInvalidState(
      client.ctaEvents.answer.mutate({ id: due.id, response: { approved: true } }),
      "expired at",
      "from pending to answered",
    );
    expect(await client.ctaEvents.expireDue.mutate()).toEqual({ expired: 1 });
    expect(await client.ctaEvents.expireDue.mutate()).toEqual({ expired: 0 });
    expect((await client.ctaEvents.get.query({ id: due.id })).status).toBe("expired");
    expect((await client.ctaEvents.get.query({ id: open.id })).status).toBe("pending");
    await expectInvalidState(
      client.ctaEvents.answer.mutate({ id: due.id, response: { approved: true } }),
      "from expired to answered",
    );
  });

  it("cancels or expires a pending event once", async () => {
    const { client } = await workspaceWithUser();
    const cancelled = await client.ctaEvents.request.mutate({ kind: "text", prompt: "?" });
    expect((await client.ctaEvents.cancel.mutate({ id: cancelled.id })).status).toBe("cancelled");
    await expectInvalidState(
      client.ctaEvents.cancel.mutate({ id: cancelled.id }),
      "from cancelled to cancelled",
    );
    await expectInvalidState(
      client.ctaEvents.expire.mutate({ id: cancelled.id }),
      "from cancelled to expired",
    );
    await expectInvalidState(
      client.ctaEvents.answer.mutate({ id: cancelled.id, response: { text: "late" } }),
      "from cancelled to answered",
    );
    const expired = await client.ctaEvents.request.mutate({ kind: "text", prompt: "?" });
    expect((await client.ctaEvents.expire.mutate({ id: expired.id })).status).toBe("expired");
    await expectInvalidState(
      client.ctaEvents.cancel.mutate({ id: expired.id }),
      "from expired to cancelled",
    );
  });

  it("links an event to a run and an invocation of that run only", async () => {
    const { workspaceId, client } = await workspaceWithUser();
    const run = await client.runs.create.mutate({ title: "Linked" });
    const other = await client.runs.create.mutate({ title: "Other" });
    const invocationId = randomUUID();
    await server.db
      .insert(agentInvocations)
      .values({ workspaceId, id: invocationId, runId: run.id, agentType: "orchestrator" });
    const viaInvocation = await client.ctaEvents.request.mutate({
      kind: "approval",
      prompt: "?",
      invocationId,
    });
    expect(viaInvocation).toMatchObject({ runId: run.id, invocationId });
    await expectBadField(
      client.ctaEvents.request.mutate({
        kind: "approval",
        prompt: "?",
        invocationId,
        runId: other.id,
      }),
      "invocationId",
    );
    for (const field of ["runId", "invocationId"]) {
      const { data } = await expectTRPCError(
        client.ctaEvents.request.mutate({ kind: "approval", prompt: "?", [field]: randomUUID() }),
        "NOT_FOUND",
      );
      expect(data.field).toBe(field);
    }
    const { data } = await expectTRPCError(
      client.ctaEvents.listPending.query({ runId: randomUUID() }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("runId");
  });

  it("answers a retried request with the event it made, and records no answerer for a service key", async () => {
    const { client } = await server.workspace();
    const id = randomUUID();
    const first = await client.ctaEvents.request.mutate({ id, kind: "approval", prompt: "?" });
    expect(await client.ctaEvents.request.mutate({ id, kind: "approval", prompt: "?" })).toEqual(
      first,
    );
    const answered = await client.ctaEvents.answer.mutate({ id, response: { approved: true } });
    expect(answered.answeredBy).toBeNull();
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    const request = (input: object) => untyped.ctaEvents.request.mutate(input);
    await expectFieldErrors(request({}), ["kind", "prompt"]);
    await expectFieldErrors(request({ kind: "poll", prompt: "?" }), ["kind"]);
    await expectFieldErrors(request({ kind: "text", prompt: "x".repeat(100_001) }), ["prompt"]);
    await expectFieldErrors(request({ kind: "choice", prompt: "?" }), ["options"]);
    await expectFieldErrors(request({ kind: "choice", prompt: "?", options: [] }), ["options"]);
    await expectFieldErrors(request({ kind: "choice", prompt: "?", options: ["a", "a"] }), [
      "options",
    ]);
    await expectFieldErrors(request({ kind: "choice", prompt: "?", options: ["a", ""] }), [
      "options.1",
    ]);
    await expectFieldErrors(request({ kind: "approval", prompt: "?", options: ["a"] }), [
      "options",
    ]);
    await expectFieldErrors(
      request({ kind: "text", prompt: "?", expiresAt: new Date(Date.now() - 1000).toISOString() }),
      ["expiresAt"],
    );
    await expectFieldErrors(request({ kind: "text", prompt: "?", runId: "r", expiresAt: "soon" }), [
      "runId",
      "expiresAt",
    ]);
    await expectFieldErrors(untyped.ctaEvents.listPending.query({ runId: 5 }), ["runId"]);
    await expectFieldErrors(untyped.ctaEvents.get.query({}), ["id"]);
    await expectFieldErrors(untyped.ctaEvents.answer.mutate({ id: randomUUID() }), ["response"]);
    await expectFieldErrors(untyped.ctaEvents.answer.mutate({ id: "x", response: "yes" }), [
      "id",
      "response",
    ]);
    await expectFieldErrors(untyped.ctaEvents.cancel.mutate({ id: 1 }), ["id"]);
    await expectFieldErrors(untyped.ctaEvents.expire.mutate({}), ["id"]);
  });

  it("answers NOT_FOUND for ids that do not exist", async () => {
    const { client } = await server.workspace();
    const id = randomUUID();
    await expectTRPCError(client.ctaEvents.get.query({ id }), "NOT_FOUND");
    await expectTRPCError(
      client.ctaEvents.answer.mutate({ id, response: { approved: true } }),
      "NOT_FOUND",
    );
    await expectTRPCError(client.ctaEvents.cancel.mutate({ id }), "NOT_FOUND");
    await expectTRPCError(client.ctaEvents.expire.mutate({ id }), "NOT_FOUND");
  });
});
