import type { StewardClient } from "@steward/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { isoTimestamp, useTestServer } from "../testing";

type CreatedAgent = Awaited<ReturnType<StewardClient["agents"]["create"]["mutate"]>>;
type AnsweredEvent = Awaited<ReturnType<StewardClient["ctaEvents"]["answer"]["mutate"]>>;

const engineer = {
  name: "Backend engineer",
  slug: "backend",
  type: "backend-engineer",
  mode: "implementation",
};

describe("the wire format", () => {
  const server = useTestServer();

  it("takes a mutation's input as a plain JSON body and answers {result: {data}}", async () => {
    const { plainKey } = await server.workspace();
    const response = await server.app.request("/trpc/agents.create", {
      method: "POST",
      headers: { authorization: `Bearer ${plainKey}`, "content-type": "application/json" },
      body: JSON.stringify(engineer),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { result: { data: Record<string, unknown> } };
    expect(Object.keys(answer)).toEqual(["result"]);
    expect(Object.keys(answer.result)).toEqual(["data"]);
    expect(answer.result.data).toMatchObject(engineer);
    expect(answer.result.data.createdAt).toMatch(isoTimestamp);
  });

  it("takes a query's input as URL-encoded JSON, and plain timestamps as inputs", async () => {
    const { plainKey, client } = await server.workspace();
    const agent = await client.agents.create.mutate(engineer);
    const input = encodeURIComponent(JSON.stringify({ status: "active" }));
    const response = await server.app.request(`/trpc/agents.list?input=${input}`, {
      headers: { authorization: `Bearer ${plainKey}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('"meta"');
    expect(JSON.parse(text)).toEqual({ result: { data: { items: [agent], nextCursor: null } } });

    const from = "2024-03-01T00:00:00Z";
    const recorded = await client.metrics.record.mutate({ type: "x", value: 1, recordedAt: from });
    expect(recorded.recordedAt).toBe(new Date(from).toISOString());
  });

  it("types the typed client's timestamps as the strings they arrive as", () => {
    expectTypeOf<CreatedAgent["createdAt"]>().toEqualTypeOf<string>();
    expectTypeOf<CreatedAgent["updatedAt"]>().toEqualTypeOf<string>();
    expectTypeOf<AnsweredEvent["answeredAt"]>().toEqualTypeOf<string | null>();
  });
});
