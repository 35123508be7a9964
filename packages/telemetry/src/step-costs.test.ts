import { randomUUID } from "node:crypto";
import {
  agentInvocations,
  agentSteps,
  createWorkspace,
  enqueueEvents,
  featureRuns,
  rowsOf,
  setModelPrice,
} from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { drainInbox } from "./testing/drain";
import { toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

type Usage = {
  inputTokens?: number | null;
  outputTokens?: number | null;
  reasoningTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
};
/** USD per million tokens, as the seeded price rows hold them. */
type Price = { input: string; output: string; cacheRead?: string; cacheWrite?: string };

// Seeded prices (migration 0010) the steps below are priced at.
const sonnet45: Price = { input: "3", output: "15", cacheRead: "0.3", cacheWrite: "3.75" };
const gpt5: Price = { input: "1.25", output: "10", cacheRead: "0.125" };
const flash25: Price = { input: "0.3", output: "2.5", cacheRead: "0.075" };

/** Micro-dollars per million tokens as an integer, so the expected cost is computed exactly. */
const micros = (usd: string) => {
  const [whole = "0", fraction = ""] = usd.split(".");
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
};

/** The cost the contract promises, computed apart from the SQL: exact, in USD as text. */
function expectedCost(usage: Usage, price: Price): string {
  const n = (value: number | null | undefined) => BigInt(value ?? 0);
  const cached = n(usage.cacheReadTokens) + n(usage.cacheWriteTokens);
  const picoDollars =
    (n(usage.inputTokens) - cached) * micros(price.input) +
    n(usage.cacheReadTokens) * micros(price.cacheRead ?? price.input) +
    n(usage.cacheWriteTokens) * micros(price.cacheWrite ?? price.input) +
    n(usage.outputTokens) * micros(price.output);
  return formatPico(picoDollars);
}

function formatPico(pico: bigint): string {
  const text = pico.toString().padStart(13, "0");
  const whole = text.slice(0, -12);
  const fraction = text.slice(-12).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

const addUsd = (...amounts: string[]) => formatPico(amounts.reduce((sum, a) => sum + pico(a), 0n));
const pico = (usd: string) => {
  const [whole = "0", fraction = ""] = usd.split(".");
  return BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, "0"));
};

describe("step costs", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  /** A workspace with a run and one invocation of it, recorded through the worker. */
  async function invocationOfRun(model?: string) {
    const workspace = await createWorkspace(db(), { name: "Costs" });
    const runId = randomUUID();
    await db().insert(featureRuns).values({ workspaceId: workspace.id, id: runId, title: "Run" });
    const invocationId = randomUUID();
    await send(workspace.id, [
      {
        type: "invocation.started",
        eventId: randomUUID(),
        invocationId,
        agentType: "coder",
        runId,
        model,
        startedAt: "2026-03-01T08:00:00Z",
      },
    ]);
    await drainInbox(db());
    let stepNumber = 0;
    const step = (
      model: string | null,
      usage: Usage,
      finishedAt = "2026-03-01T09:00:00Z",
    ): TelemetryEventInput => ({
      type: "step.finished",
      eventId: randomUUID(),
      stepId: randomUUID(),
      invocationId,
      stepNumber: stepNumber++,
      model,
      usage,
      finishedAt,
    });
    return { workspaceId: workspace.id, runId, invocationId, step };
  }

  async function send(workspaceId: string, events: TelemetryEventInput[]) {
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });
  }

  async function costs(workspaceId: string, invocationId: string) {
    const [invocation] = await db()
      .select({
        costUsd: agentInvocations.costUsd,
        unpricedStepCount: agentInvocations.unpricedStepCount,
        stepCount: agentInvocations.stepCount,
      })
      .from(agentInvocations)
      .where(eq(agentInvocations.id, invocationId));
    const [run] = await db()
      .select({
        costUsd: featureRuns.costUsd,
        unpricedStepCount: featureRuns.unpricedStepCount,
        stepCount: featureRuns.stepCount,
      })
      .from(featureRuns)
      .where(eq(featureRuns.workspaceId, workspaceId));
    const steps = await db()
      .select({ model: agentSteps.model, costUsd: agentSteps.costUsd })
      .from(agentSteps)
      .where(eq(agentSteps.invocationId, invocationId))
      .orderBy(asc(agentSteps.stepNumber));
    return { invocation, run, steps };
  }

  it("prices each step exactly, by its model under any spelling, and rolls the cost up", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const usages: [string, Usage, Price][] = [
      [
        "claude-sonnet-4-5-20250929",
        { inputTokens: 1000, cacheReadTokens: 600, cacheWriteTokens: 100, outputTokens: 500 },
        sonnet45,
      ],
      [
        "openai/gpt-5-2025-08-07",
        { inputTokens: 12_345, cacheReadTokens: 2345, outputTokens: 678, reasoningTokens: 400 },
        gpt5,
      ],
      ["models/gemini-2.5-flash", { inputTokens: 7, outputTokens: 3 }, flash25],
      ["anthropic/claude-sonnet-4.5", { inputTokens: 99_999_999, outputTokens: 1 }, sonnet45],
    ];
    // Counts reported the providers' own way: input without its cache reads (50 uncached + 5000
    // read), output without its reasoning (20 text + 50 thinking). Worked by hand, in µ$:
    // 50 × 3 + 5000 × 0.3 + 10 × 15 = 1800, and 100 × 0.3 + 20 × 2.5 + 50 × 2.5 = 205.
    const apart: [string, Usage, string][] = [
      ["claude-sonnet-4-5", { inputTokens: 50, cacheReadTokens: 5000, outputTokens: 10 }, "0.0018"],
      ["gemini-2.5-flash", { inputTokens: 100, outputTokens: 20, reasoningTokens: 50 }, "0.000205"],
    ];
    await send(workspaceId, [
      ...usages.map(([model, usage]) => step(model, usage)),
      ...apart.map(([model, usage]) => step(model, usage)),
    ]);
    await drainInbox(db());

    const expected = [
      ...usages.map(([, usage, price]) => expectedCost(usage, price)),
      ...apart.map(([, , cost]) => cost),
    ];
    // Worked by hand for the first: 300 × 3 + 600 × 0.3 + 100 × 3.75 + 500 × 15 = 8955 µ$.
    expect(expected[0]).toBe("0.008955");
    const { invocation, run, steps } = await costs(workspaceId, invocationId);
    expect(steps.map((s) => s.costUsd)).toEqual(expected);
    const total = addUsd(...expected);
    expect(invocation).toEqual({ costUsd: total, unpricedStepCount: 0, stepCount: 6 });
    expect(run).toEqual({ costUsd: total, unpricedStepCount: 0, stepCount: 6 });
  });

  it("leaves a cost unknown, never 0, for an unknown model or missing usage, and says a total is partial", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const known = { inputTokens: 1000, outputTokens: 100 };
    await send(workspaceId, [
      step("my-local-llm", known),
      step(null, known),
      step("gpt-5", { inputTokens: 1000 }),
      step("gpt-5", {}),
    ]);
    await drainInbox(db());
    const unknownOnly = await costs(workspaceId, invocationId);
    expect(unknownOnly.steps.map((s) => s.costUsd)).toEqual([null, null, null, null]);
    expect(unknownOnly.invocation).toEqual({ costUsd: null, unpricedStepCount: 4, stepCount: 4 });
    expect(unknownOnly.run).toEqual({ costUsd: null, unpricedStepCount: 4, stepCount: 4 });

    // A priced step makes the total known in part: its cost, with 4 steps unpriced.
    await send(workspaceId, [step("gpt-5", known)]);
    await drainInbox(db());
    const partial = await costs(workspaceId, invocationId);
    const cost = expectedCost(known, gpt5);
    expect(partial.invocation).toEqual({ costUsd: cost, unpricedStepCount: 4, stepCount: 5 });
    expect(partial.run).toEqual({ costUsd: cost, unpricedStepCount: 4, stepCount: 5 });
    // A step of zero tokens is known to cost nothing.
    await send(workspaceId, [step("gpt-5", { inputTokens: 0, outputTokens: 0 })]);
    await drainInbox(db());
    expect((await costs(workspaceId, invocationId)).steps.at(-1)?.costUsd).toBe("0");
  });

  it("prices a step that names no model at its invocation's model", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun("openai/gpt-5");
    const usage = { inputTokens: 1000, outputTokens: 100 };
    await send(workspaceId, [step(null, usage), step("my-local-llm", usage)]);
    await drainInbox(db());
    const { steps } = await costs(workspaceId, invocationId);
    expect(steps.map((s) => s.costUsd)).toEqual([expectedCost(usage, gpt5), null]);
  });

  it("prices a step at the price of its own day", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    await send(workspaceId, [
      step("o3", usage, "2025-06-09T23:59:59.999Z"),
      step("o3", usage, "2025-06-10T00:00:00Z"),
      step("o3", usage, "2025-04-15T12:00:00Z"),
    ]);
    await drainInbox(db());
    const { steps, invocation } = await costs(workspaceId, invocationId);
    expect(steps.map((s) => s.costUsd)).toEqual(["50", "10", null]);
    expect(invocation).toMatchObject({ costUsd: "60", unpricedStepCount: 1 });
  });

  it("keeps the cost of old steps after a price change; later steps take the new price", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const usage = { inputTokens: 2_000_000, outputTokens: 100_000 };
    const finishedAt = "2026-03-02T10:00:00Z";
    await send(workspaceId, [step("acme-pro", usage, finishedAt)]);
    await drainInbox(db());
    const price = {
      model: "acme-pro",
      effectiveFrom: "2026-01-01",
      inputPrice: "1",
      outputPrice: "4",
    };
    await setModelPrice(db(), { by: "operator", price });
    await send(workspaceId, [step("acme-pro", usage, finishedAt)]);
    await drainInbox(db());
    await setModelPrice(db(), { by: "operator", price: { ...price, inputPrice: "0.5" } });
    await send(workspaceId, [step("acme-pro", usage, finishedAt)]);
    await drainInbox(db());

    const { steps, invocation, run } = await costs(workspaceId, invocationId);
    // Unpriced when applied, then 2 × 1 + 0.1 × 4, then 2 × 0.5 + 0.1 × 4: each kept as applied.
    expect(steps.map((s) => s.costUsd)).toEqual([null, "2.4", "1.4"]);
    expect(invocation).toEqual({ costUsd: "3.8", unpricedStepCount: 1, stepCount: 3 });
    expect(run).toEqual({ costUsd: "3.8", unpricedStepCount: 1, stepCount: 3 });
  });

  it("changes no cost when the same steps are delivered again", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const events = [
      step("gpt-5-mini", { inputTokens: 1234, outputTokens: 56, cacheReadTokens: 34 }),
      step("nobody-knows", { inputTokens: 1, outputTokens: 1 }),
      step("claude-haiku-4-5-20251001", { inputTokens: 10, outputTokens: 5 }),
    ];
    await send(workspaceId, events);
    await drainInbox(db());
    const once = await telemetrySnapshot(db(), workspaceId);
    const daily = () =>
      db().execute(sql`select day, model, cost_usd, unpriced_step_count, step_count
        from agent.step_usage_daily where workspace_id = ${workspaceId} order by model`);
    const dailyOnce = rowsOf(await daily());

    // The same events twice over, and the same steps under new event ids.
    await send(workspaceId, [...events, ...events]);
    await send(
      workspaceId,
      events.map((event) => ({ ...event, eventId: randomUUID() })),
    );
    await drainInbox(db());
    expect(await telemetrySnapshot(db(), workspaceId)).toEqual(once);
    expect(rowsOf(await daily())).toEqual(dailyOnce);
    expect((await costs(workspaceId, invocationId)).invocation?.unpricedStepCount).toBe(1);
  });

  it("sums every step's cost exactly when two workers apply them at once", async () => {
    const { workspaceId, invocationId, step } = await invocationOfRun();
    const models: [string, Price][] = [
      ["claude-sonnet-4-5", sonnet45],
      ["gpt-5", gpt5],
      ["gemini-2.5-flash-001", flash25],
      ["unknown-model", { input: "0", output: "0" }],
    ];
    const sent = Array.from({ length: 60 }, (_, n) => {
      const [model, price] = models[n % models.length] as [string, Price];
      const usage = { inputTokens: 1000 + n * 37, outputTokens: 10 + n, cacheReadTokens: n };
      return {
        event: step(model, usage, `2026-03-0${1 + (n % 3)}T12:00:00Z`),
        usage,
        price,
        model,
      };
    });
    await send(
      workspaceId,
      sent.map((s) => s.event),
    );
    await Promise.all([drainInbox(db(), { batchSize: 3 }), drainInbox(db(), { batchSize: 5 })]);

    const priced = sent.filter((s) => s.model !== "unknown-model");
    const total = addUsd(...priced.map((s) => expectedCost(s.usage, s.price)));
    const { invocation, run } = await costs(workspaceId, invocationId);
    expect(invocation).toEqual({ costUsd: total, unpricedStepCount: 15, stepCount: 60 });
    expect(run).toEqual({ costUsd: total, unpricedStepCount: 15, stepCount: 60 });
    const [daily] = rowsOf<{ cost: string; unpriced: number; steps: number }>(
      await db().execute(sql`select trim_scale(sum(cost_usd))::text as cost,
          sum(unpriced_step_count)::int as unpriced, sum(step_count)::int as steps
        from agent.step_usage_daily where workspace_id = ${workspaceId}`),
    );
    expect(daily).toEqual({ cost: total, unpriced: 15, steps: 60 });
  });
});
