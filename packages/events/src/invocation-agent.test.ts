import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateEvents } from "./batch";

const started = (fields: Record<string, unknown>) => ({
  type: "invocation.started",
  eventId: randomUUID(),
  invocationId: randomUUID(),
  startedAt: new Date().toISOString(),
  ...fields,
});

describe("invocation.started for agents of other frameworks", () => {
  it("takes an agent name without a Steward type, and still takes a type alone", () => {
    const { accepted, rejected } = validateEvents([
      started({ agentName: "Strands Agents", traceId: "4bf92f3577b34da6a3ce929d0e0e4736" }),
      started({ agentType: "coder" }),
    ]);
    expect(rejected).toEqual([]);
    expect(accepted).toHaveLength(2);
  });

  it("refuses an invocation that names no agent at all", () => {
    const { rejected } = validateEvents([started({})]);
    expect(rejected[0]?.errors).toEqual([
      { path: "agentType", message: expect.stringContaining("agentName") },
    ]);
  });
});
