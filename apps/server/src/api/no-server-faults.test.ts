import { appRouter } from "@steward/api";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../testing";

// Inputs no procedure accepts as they are; each must be refused as the caller's mistake.
const malformedInputs: unknown[] = [
  undefined,
  null,
  "a string",
  42,
  [],
  {},
  { id: 123, name: ["x"], limit: -1, cursor: 5 },
  { id: "not-a-uuid", runId: "x", agentId: "x", taskId: "x", projectId: "x" },
  { id: crypto.randomUUID(), name: "x".repeat(10_000), status: "??", kind: "??" },
  // Valid on its own, so an update that names nothing to change reaches its handler.
  { id: crypto.randomUUID() },
];

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

describe("malformed input never becomes a server fault", () => {
  const server = useTestServer();

  it("answers a 4xx, never a 500, for every procedure and every malformed input", async () => {
    const { plainKey } = await server.workspace();
    const faults: string[] = [];
    for (const { path, type } of procedures) {
      for (const input of malformedInputs) {
        // No input at all is sent as no body and no `input` parameter.
        const body = input === undefined ? undefined : JSON.stringify(input);
        const query = body === undefined ? "" : `?input=${encodeURIComponent(body)}`;
        const response =
          type === "query"
            ? await server.app.request(`/trpc/${path}${query}`, {
                headers: { authorization: `Bearer ${plainKey}` },
              })
            : await server.app.request(`/trpc/${path}`, {
                method: "POST",
                headers: {
                  authorization: `Bearer ${plainKey}`,
                  "content-type": "application/json",
                },
                body,
              });
        if (response.status >= 500)
          faults.push(`${path} ${JSON.stringify(input).slice(0, 120)} → ${response.status}`);
      }
    }
    expect(procedures.length).toBeGreaterThan(100);
    expect(faults).toEqual([]);
  });
});
