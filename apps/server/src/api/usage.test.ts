import { randomUUID } from "node:crypto";
import { agents, rowsOf } from "@steward/db";
import { processInboxBatch } from "@steward/telemetry";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, useTestServer } from "../testing";

type Usage = {
  inputTokens?: number | null;
  outputTokens?: number | null;
  totalTokens?: number | null;
  reasoningTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
};
type Step = { invocation: number; model: string | null; finishedAt: string; usage: Usage };

const usageKeys = [
  "inputTokens",
  "outputTokens",
  "totalTokens",
  "reasoningTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
] as const;

/** Two invocations (a coder of a known agent, a judge of none) and steps over three UTC days. */
const steps: Step[] = [
  {
    invocation: 0,
    model: "gpt-5",
    finishedAt: "2026-03-01T10:00:00Z",
    usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 },
  },
  {
    invocation: 0,
    model: "gpt-5",
    finishedAt: "2026-03-01T23:59:59.999Z",
    usage: { inputTokens: 200, outputTokens: 20, totalTokens: 220, reasoningTokens: 5 },
  },
  {
    invocation: 0,
    model: "o3",
    finishedAt: "2026-03-02T00:00:00Z",
    usage: { inputTokens: 300, cacheReadTokens: 40, cacheWriteTokens: 7 },
  },
  { invocation: 1, model: null, finishedAt: "2026-03-02T12:00:00Z", usage: { outputTokens: 1 } },
  {
    invocation: 1,
    model: "o3",
    finishedAt: "2026-03-03T08:00:00Z",
    usage: { inputTokens: 9, outputTokens: 9, totalTokens: 18 },
  },
];

describe("usage.tokens", () => {
  const server = useTestServer();

  async function drain() {
    for (let round = 0; round < 20; round++) {
      const outcome = await processInboxBatch(server.db, {
        batchSize: 2,
        maxBatchBytes: 1024 * 1024,
        maxAttempts: 5,
        backoffBaseMs: 0,
        backoffCapMs: 0,
        statementTimeoutMs: 10_000,
      });
      if (outcome.claimed === 0) return;
    }
  }

  /** A workspace whose usage comes in through ingestion and the worker, as in production. */
  async function workspaceWithUsage() {
    const own = await server.workspace();
    const agentId = randomUUID();
    await server.db.insert(agents).values({
      workspaceId: own.workspaceId,
      id: agentId,
      name: "Coder",
      slug: `coder-${agentId}`,
      type: "coder",
      mode: "implementation",
    });
    const invocations = [
      { id: randomUUID(), agentType: "coder" as const, agentId },
      { id: randomUUID(), agentType: "judge" as const, agentId: null },
    ];
    const stepIds = steps.map(() => randomUUID());
    const stepEvent = (i: number) => {
      const step = steps[i] as Step;
      return {
        type: "step.finished" as const,
        eventId: randomUUID(),
        stepId: stepIds[i] as string,
        invocationId: invocations[step.invocation]?.id as string,
        stepNumber: steps.slice(0, i).filter((s) => s.invocation === step.invocation).length,
        model: step.model,
        usage: step.usage,
        finishedAt: step.finishedAt,
      };
    };
    // Steps first: they wait in the inbox for their invocations, as they may in production.
    await own.client.ingest.events.mutate({ events: steps.map((_, i) => stepEvent(i)) });
    await own.client.ingest.events.mutate({
      events: invocations.map((inv) => ({
        type: "invocation.started" as const,
        eventId: randomUUID(),
        invocationId: inv.id,
        agentType: inv.agentType,
        agentId: inv.agentId,
        startedAt: "2026-03-01T09:00:00Z",
      })),
    });
    await drain();
    return { ...own, invocations, agentId, stepEvent };
  }

  /** What the steps sum to, per key, computed here from what was sent. */
  function expected(keyOf: (step: Step) => string, keep: (step: Step) => boolean = () => true) {
    const groups = new Map<string, Record<string, number>>();
    for (const step of steps.filter(keep)) {
      const group = groups.get(keyOf(step)) ?? { steps: 0 };
      group.steps = (group.steps ?? 0) + 1;
      for (const key of usageKeys) group[key] = (group[key] ?? 0) + (step.usage[key] ?? 0);
      groups.set(keyOf(step), group);
    }
    return groups;
  }

  function totalsOf(row: Record<string, unknown>) {
    return Object.fromEntries(["steps", ...usageKeys].map((key) => [key, row[key]]));
  }

  it("sums tokens and steps per day, model and agent from the steps the worker recorded", async () => {
    const { client, invocations, agentId } = await workspaceWithUsage();
    const window = { from: "2026-03-01T00:00:00Z", to: "2026-03-04T00:00:00Z" };

    const byDay = await client.usage.tokens.query({ ...window, groupBy: "day" });
    const days = expected((s) => s.finishedAt.slice(0, 10));
    expect(byDay.map((row) => row.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    for (const row of byDay) expect(totalsOf(row)).toEqual(days.get(row.day ?? ""));

    const byModel = await client.usage.tokens.query({ ...window, groupBy: ["model"] });
    const models = expected((s) => String(s.model));
    expect(byModel.map((row) => row.model)).toEqual(["gpt-5", "o3", null]);
    for (const row of byModel) expect(totalsOf(row)).toEqual(models.get(String(row.model)));

    const byAgent = await client.usage.tokens.query({ ...window, groupBy: ["agent"] });
    const agentsSummed = expected((s) => String(s.invocation));
    expect(byAgent.map((row) => [row.agentType, row.agentId])).toEqual([
      ["coder", agentId],
      ["judge", null],
    ]);
    expect(totalsOf(byAgent[0] ?? {})).toEqual(agentsSummed.get("0"));
    expect(totalsOf(byAgent[1] ?? {})).toEqual(agentsSummed.get("1"));
    expect(invocations).toHaveLength(2);

    const byDayAndModel = await client.usage.tokens.query({ ...window, groupBy: ["day", "model"] });
    expect(byDayAndModel.map((row) => `${row.day} ${row.model}`)).toEqual([
      "2026-03-01 gpt-5",
      "2026-03-02 o3",
      "2026-03-02 null",
      "2026-03-03 o3",
    ]);

    // A window of whole days: the step at 00:00:00Z on the 2nd belongs to the 2nd.
    const secondDay = await client.usage.tokens.query({
      from: "2026-03-02T00:00:00Z",
      to: "2026-03-03T00:00:00Z",
      groupBy: ["day"],
    });
    expect(secondDay.map(totalsOf)).toEqual([
      expected(
        () => "x",
        (s) => s.finishedAt.startsWith("2026-03-02"),
      ).get("x"),
    ]);
    expect(
      await client.usage.tokens.query({
        from: "2026-04-01T00:00:00Z",
        to: "2026-05-01T00:00:00Z",
        groupBy: "day",
      }),
    ).toEqual([]);
  });

  it("matches an aggregate over the step rows exactly, and a replayed step changes nothing", async () => {
    const { client, workspaceId, stepEvent } = await workspaceWithUsage();
    // The same steps again: one event resent as is, all under new event ids.
    await client.ingest.events.mutate({ events: steps.map((_, i) => stepEvent(i)) });
    await drain();

    const fromSteps = rowsOf<Record<string, unknown>>(
      await server.db.execute(sql`
        select to_char(s.finished_at at time zone 'UTC', 'YYYY-MM-DD') as day, s.model,
          i.agent_type as "agentType", i.agent_id as "agentId", count(*)::int as steps,
          coalesce(sum(s.input_tokens), 0)::int as "inputTokens",
          coalesce(sum(s.output_tokens), 0)::int as "outputTokens",
          coalesce(sum(s.total_tokens), 0)::int as "totalTokens",
          coalesce(sum(s.reasoning_tokens), 0)::int as "reasoningTokens",
          coalesce(sum(s.cache_read_tokens), 0)::int as "cacheReadTokens",
          coalesce(sum(s.cache_write_tokens), 0)::int as "cacheWriteTokens",
          trim_scale(sum(s.cost_usd))::text as "costUsd",
          (count(*) filter (where s.cost_usd is null))::int as "unpricedSteps"
        from agent.agent_steps s
        join agent.agent_invocations i on i.workspace_id = s.workspace_id and i.id = s.invocation_id
        where s.workspace_id = ${workspaceId}
        group by 1, 2, 3, 4 order by 1, 2, 3, 4`),
    );
    const fromRollup = await client.usage.tokens.query({
      from: "2026-01-01T00:00:00Z",
      to: "2026-12-31T00:00:00Z",
      groupBy: ["day", "model", "agent"],
    });
    expect(fromSteps).toHaveLength(4);
    expect(fromRollup).toEqual(fromSteps);
  });

  it("counts every step when two workers add to the same day's rows at once", async () => {
    const { client } = await server.workspace();
    const invocationId = randomUUID();
    await client.ingest.events.mutate({
      events: [
        {
          type: "invocation.started",
          eventId: randomUUID(),
          invocationId,
          agentType: "coder",
          startedAt: "2026-03-05T00:00:00Z",
        },
      ],
    });
    await drain();
    await client.ingest.events.mutate({
      events: Array.from({ length: 40 }, (_, n) => ({
        type: "step.finished" as const,
        eventId: randomUUID(),
        stepId: randomUUID(),
        invocationId,
        stepNumber: n,
        model: "gpt-5",
        usage: { inputTokens: n, outputTokens: 1 },
        finishedAt: `2026-03-0${5 + (n % 2)}T12:00:00Z`,
      })),
    });
    await Promise.all([drain(), drain()]);
    const byDay = await client.usage.tokens.query({
      from: "2026-03-05T00:00:00Z",
      to: "2026-03-07T00:00:00Z",
      groupBy: ["day", "model", "agent"],
    });
    expect(byDay.map((row) => [row.day, row.steps, row.inputTokens, row.outputTokens])).toEqual([
      ["2026-03-05", 20, 380, 20],
      ["2026-03-06", 20, 400, 20],
    ]);
  });

  it("answers only the caller's workspace's usage", async () => {
    await workspaceWithUsage();
    const { client } = await server.workspace();
    expect(
      await client.usage.tokens.query({
        from: "2026-01-01T00:00:00Z",
        to: "2026-12-31T00:00:00Z",
        groupBy: ["day", "model", "agent"],
      }),
    ).toEqual([]);
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    const day = { from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" };
    const iso = "2026-03-02T00:00:00Z";
    await expectFieldErrors(
      client.usage.tokens.query({
        from: "2026-03-01T10:00:00Z",
        to: "2026-03-02T00:00:00+01:00",
        groupBy: "day",
      }),
      ["from", "to"],
    );
    await expectFieldErrors(client.usage.tokens.query({ ...day, to: day.from, groupBy: "day" }), [
      "to",
    ]);
    await expectFieldErrors(
      client.usage.tokens.query({
        from: "2025-01-01T00:00:00Z",
        to: "2026-01-03T00:00:00Z",
        groupBy: "day",
      }),
      ["to"],
    );
    await expectFieldErrors(untyped.usage.tokens.query({ ...day, groupBy: "week" }), ["groupBy"]);
    await expectFieldErrors(untyped.usage.tokens.query({ ...day, groupBy: ["day", "day"] }), [
      "groupBy",
    ]);
    await expectFieldErrors(untyped.usage.tokens.query({ ...day, groupBy: [] }), ["groupBy"]);
    await expectFieldErrors(untyped.usage.tokens.query({ groupBy: "day" }), ["from", "to"]);
    // A refused date leaves the window's check nothing to compare.
    await expectFieldErrors(
      untyped.usage.tokens.query({ ...day, from: "nul\u0000inside", groupBy: "day" }),
      ["from"],
    );
    await expectFieldErrors(untyped.runs.list.query({ from: 7, to: iso }), ["from"]);
  });
});
