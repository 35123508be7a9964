import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createStewardClient, type StewardClient } from "@steward/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { type RunningSteward, startFreshSteward } from "./steward-process";
import {
  invocationFinished,
  invocationStarted,
  otlpAgentExport,
  sendEvents,
  sendOtlpTraces,
  stepWithTools,
} from "./telemetry";

/*
 * The console as a person uses it, in Debian's Chromium against a Steward started by
 * `pnpm start` on an empty store. One scenario, in order: each step builds on the last.
 * Screenshots land in STEWARD_SCREENSHOTS_DIR (default apps/web/e2e/screenshots).
 */

const shots = resolve(
  process.env.STEWARD_SCREENSHOTS_DIR ?? join(import.meta.dirname, "screenshots"),
);
mkdirSync(shots, { recursive: true });

let steward: RunningSteward;
let browser: Browser;
let page: Page;
let api: StewardClient;
const base = Date.now() - 60_000;

async function screenshot(name: string) {
  for (const [label, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Waits until the API's answer satisfies `ready`, polling; the worker applies asynchronously. */
async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not ready after ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe("the console in a real browser", () => {
  beforeAll(async () => {
    steward = await startFreshSteward();
    api = createStewardClient({ url: steward.url, apiKey: steward.key });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 240_000);

  // What the page showed when a step failed, for whoever reads the CI log.
  afterEach(async ({ task }) => {
    if (task.result?.state !== "fail" || !page) return;
    const file = join(shots, `failed-${task.name.replace(/\W+/g, "-").slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.log(`browser: the page at the failure is in ${file}`);
  });

  afterAll(async () => {
    await browser?.close();
    await steward?.stop();
  });

  it("signs in with the key the first start printed, and keeps it out of the URL", async () => {
    await page.goto(steward.url);
    await page.getByLabel("API key").waitFor();
    await screenshot("sign-in");
    await page.getByLabel("API key").fill("stw_not_a_real_key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/key/i);

    await page.getByLabel("API key").fill(steward.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Sections" }).waitFor();
    expect(page.url()).not.toContain(steward.key);
    expect(await page.evaluate(() => document.cookie)).not.toContain("stw_");
    expect(
      await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })),
    ).not.toContain("stw_");
  });

  const runTitle = "Password reset by email";
  let runId = "";
  const orchestrator = randomUUID();

  it("lists a run recorded through /v1/ingest", async () => {
    const run = await api.runs.create.mutate({ title: runTitle });
    runId = run.id;
    await sendEvents(steward.url, steward.key, [
      invocationStarted({
        invocationId: orchestrator,
        runId,
        agentType: "orchestrator",
        model: "claude-sonnet-4",
        startedAt: new Date(base).toISOString(),
      }),
      ...stepWithTools({
        invocationId: orchestrator,
        stepNumber: 0,
        base,
        text: "Reading the login module before planning the reset flow.",
        tools: [
          { name: "read_file", outcome: "json", output: { lines: 180 } },
          {
            name: "run_shell",
            outcome: "execution-denied",
            output: "rm -rf build/ needs approval",
          },
          { name: "run_tests", outcome: "error-text", output: "1 failing: token expiry" },
        ],
      }),
    ]);
    await page.getByRole("link", { name: "Runs" }).click();
    await page.getByTestId("run-row").filter({ hasText: runTitle }).waitFor();
    await screenshot("runs");
  });

  it("shows the run's timeline, a denied and a failed tool call marked, and a step's text", async () => {
    await page
      .getByTestId("run-row")
      .filter({ hasText: runTitle })
      .getByRole("link")
      .first()
      .click();
    await page.getByTestId("timeline-bar").first().waitFor();
    const denied = page.locator('[data-testid="tool-call"][data-output-type="execution-denied"]');
    const failed = page.locator('[data-testid="tool-call"][data-output-type="error-text"]');
    await denied.first().waitFor();
    await failed.first().waitFor();
    expect(await denied.first().textContent()).toMatch(/denied/i);
    expect(await failed.first().textContent()).toMatch(/fail|error/i);

    await page.getByTestId("step-row").first().click();
    await page.getByTestId("step-text").waitFor();
    expect(await page.getByTestId("step-text").textContent()).toContain("Reading the login module");
    await screenshot("run");
  });

  it("shows new telemetry for the in-progress run without a reload", async () => {
    const before = await page.getByTestId("step-row").count();
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));
    const sent = performance.now();
    await sendEvents(
      steward.url,
      steward.key,
      stepWithTools({
        invocationId: orchestrator,
        stepNumber: 1,
        base,
        text: "Planning: hash the reset token and expire it after 15 minutes.",
        tools: [{ name: "write_file", outcome: "json", output: { written: "src/auth/reset.ts" } }],
      }),
    );
    await expect
      .poll(() => page.getByTestId("step-row").count(), { timeout: 10_000, interval: 50 })
      .toBeGreaterThan(before);
    console.log(
      `browser: a new step appeared in the open run view ${Math.round(performance.now() - sent)} ms after it was sent`,
    );
    expect(navigations).toEqual([]);
    await sendEvents(steward.url, steward.key, [
      invocationFinished(orchestrator, new Date(base + 5_000).toISOString()),
    ]);
  });

  it("answers an approval from the inbox, and the API reports who answered", async () => {
    const me = await api.apiKeys.current.query();
    expect(me.userId).not.toBeNull();
    const approval = await api.ctaEvents.request.mutate({
      kind: "approval",
      prompt: "Deploy the password reset flow to production?",
      runId,
    });
    await page.getByRole("link", { name: "Approvals" }).click();
    const item = page.getByTestId("approval").filter({ hasText: "Deploy the password reset" });
    await item.waitFor();
    await screenshot("approvals");
    await item.getByRole("button", { name: "Approve" }).click();
    const answered = await eventually(
      () => api.ctaEvents.get.query({ id: approval.id }),
      (event) => event.status === "answered",
    );
    expect(answered.answeredBy).toBe(me.userId);
    expect(answered.response).toMatchObject({ approved: true });

    // A second answer is refused, and the API's words say why.
    await expect(
      api.ctaEvents.answer.mutate({ id: approval.id, response: { approved: false } }),
    ).rejects.toThrow(/answered/);
  });

  it("sends a dead letter back from the ingestion page", async () => {
    // Two different steps claiming one step number: the second cannot be stored.
    const invocationId = randomUUID();
    await sendEvents(steward.url, steward.key, [
      invocationStarted({
        invocationId,
        agentType: "coder",
        startedAt: new Date(base).toISOString(),
      }),
      ...stepWithTools({ invocationId, stepNumber: 0, base, text: "first", tools: [] }),
    ]);
    await eventually(
      () => api.runView.trace.query({ invocationId }).catch(() => null),
      (trace) => (trace?.steps.length ?? 0) === 1,
    );
    const colliding = stepWithTools({
      invocationId,
      stepNumber: 0,
      base,
      text: "again",
      tools: [],
    });
    await sendEvents(steward.url, steward.key, colliding);
    const eventId = colliding[0]?.eventId ?? "";
    const dead = await eventually(
      () => api.ingest.deadLetters.query({}),
      (page) => page.items.some((letter) => letter.eventId === eventId),
    );
    const before = dead.items.find((letter) => letter.eventId === eventId);

    await page.getByRole("link", { name: "Ingestion" }).click();
    const letter = page.getByTestId("dead-letter").filter({ hasText: "step" }).first();
    await letter.waitFor();
    await screenshot("ingestion");
    await letter.getByRole("button", { name: "Send back" }).click();
    // Sent back, the event returns to the inbox; the worker refuses it again with a new letter.
    await eventually(
      () => api.ingest.deadLetters.query({}),
      (page) => {
        const now = page.items.find((item) => item.eventId === eventId);
        return !now || JSON.stringify(now) !== JSON.stringify(before);
      },
    );
  });

  it("shows traces, agents with an instance, and a project's tasks as a board", async () => {
    // An agent of another framework, recorded over OTLP: shown by its name, with no type.
    const agentName = "Researcher";
    const traceId = randomUUID().replaceAll("-", "");
    await sendOtlpTraces(steward.url, steward.key, otlpAgentExport({ traceId, agentName, base }));
    await eventually(
      () => api.runView.traces.query({}),
      (traces) => traces.items.some((root) => root.agentName === agentName && root.stepCount === 1),
    );
    await page.getByRole("link", { name: "Traces" }).click();
    const otlpRoot = page.getByRole("link", { name: agentName, exact: true });
    await otlpRoot.waitFor();
    await screenshot("traces");
    await otlpRoot.click();
    await page.getByRole("heading", { level: 1, name: new RegExp(`^${agentName}`) }).waitFor();
    await page.getByTestId("timeline-bar").first().waitFor();
    expect(await page.locator(".timeline-agent").allTextContents()).toEqual([agentName]);
    await screenshot("trace-otlp");

    const agent = await api.agents.create.mutate({
      name: "Backend engineer",
      slug: "backend",
      type: "backend-engineer",
      mode: "implementation",
    });
    await api.agentInstances.spawn.mutate({ type: "coder", agentId: agent.id });
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByText("Backend engineer").first().waitFor();
    await screenshot("agents");

    const project = await api.projects.create.mutate({
      name: "Auth service",
      mode: "evolution",
      rootPath: "/srv/auth",
    });
    const feature = await api.features.create.mutate({
      projectId: project.id,
      name: "Password reset",
    });
    const task = (name: string) =>
      api.tasks.create.mutate({ projectId: project.id, featureId: feature.id, name });
    const [tokens, email] = [await task("Hash reset tokens"), await task("Send the reset email")];
    await api.tasks.addDependency.mutate({ taskId: email.id, dependsOnTaskId: tokens.id });
    await api.tasks.assign.mutate({ taskId: tokens.id, agentId: agent.id });
    await page.getByRole("link", { name: "Projects" }).click();
    await page.getByText("Send the reset email").first().click();
    // The selected task shows what it waits on.
    await page.getByText("Hash reset tokens").nth(1).waitFor();
    await screenshot("projects");
  });

  it("opens the first view of a 1,000-step run in under a second", async () => {
    const big = await api.runs.create.mutate({ title: "A thousand steps" });
    const events = [];
    const invocations = Array.from({ length: 20 }, () => randomUUID());
    for (const [index, invocationId] of invocations.entries()) {
      events.push(
        invocationStarted({
          invocationId,
          runId: big.id,
          agentType: index === 0 ? "orchestrator" : "coder",
          ...(index === 0 ? {} : { parentInvocationId: invocations[0] }),
          model: "claude-sonnet-4",
          startedAt: new Date(base + index * 2_000).toISOString(),
        }),
      );
      for (let step = 0; step < 50; step++) {
        events.push(
          ...stepWithTools({
            invocationId,
            stepNumber: step,
            base: base + index * 2_000,
            text: `Step ${step} of invocation ${index}`,
            tools: [
              { name: "read_file", outcome: "json", output: { step } },
              { name: "grep", outcome: "text", output: "match" },
              { name: "run_tests", outcome: step % 10 === 0 ? "error-text" : "json", output: "ok" },
            ],
          }),
        );
      }
      events.push(invocationFinished(invocationId, new Date(base + 200_000).toISOString()));
    }
    await sendEvents(steward.url, steward.key, events);
    await eventually(
      () => api.runs.get.query({ id: big.id }),
      (run) => run.stepCount === 1000,
      120_000,
    );

    const started = performance.now();
    await page.goto(`${steward.url}/runs/${big.id}`);
    await page.getByTestId("timeline-bar").first().waitFor();
    await page.getByTestId("step-row").first().waitFor();
    const firstView = performance.now() - started;
    console.log(`browser: first view of the 1,000-step run in ${Math.round(firstView)} ms`);
    await screenshot("run-1000-steps");
    expect(firstView).toBeLessThan(1000);
  });
});
