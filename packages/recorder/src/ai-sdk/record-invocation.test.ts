import type { TelemetryEvent } from "@steward/events";
import { describe, expect, it, vi } from "vitest";
import { createRecorder } from "../recorder";
import { createFakeIngest } from "../testing/fake-ingest";
import { recordInvocation } from "./record-invocation";
import {
  mockModelId,
  runDeniedApprovalV6,
  runDeniedApprovalV7,
  runToolLoopV7,
  sdkMajors,
  toolLoopTurns,
} from "./testing/sdk-majors";

function setup() {
  const ingest = createFakeIngest();
  const logger = { warn: vi.fn(), error: vi.fn() };
  const recorder = createRecorder({
    url: "http://steward.test",
    apiKey: "stw_test",
    fetch: ingest.fetch,
    flushIntervalMs: 60_000,
    logger,
  });
  const sent = async () => {
    await recorder.flush();
    return ingest.accepted;
  };
  return { recorder, logger, sent };
}

function ofType<T extends TelemetryEvent["type"]>(events: TelemetryEvent[], type: T) {
  return events.filter(
    (event): event is Extract<TelemetryEvent, { type: T }> => event.type === type,
  );
}

describe.each(sdkMajors)("recordInvocation with AI SDK v$major", ({ major, runToolLoop }) => {
  it("records each step of a real multi-step generateText with its usage, reason and tool calls", async () => {
    const { recorder, sent } = setup();
    const recording = recordInvocation(recorder, { agentType: "coder", model: mockModelId });
    const result = await runToolLoop(toolLoopTurns, recording.onStepFinish);
    recording.finish({ status: "completed", output: { answer: 6 } });
    const events = await sent();

    expect(result.steps).toHaveLength(3);
    const call = ["tool_call.started", "tool_call.finished"];
    expect(events.map((event) => event.type)).toEqual([
      "invocation.started",
      ...["step.finished", ...call, ...call, ...call],
      ...["step.finished", ...call],
      "step.finished",
      "invocation.finished",
    ]);
    const raw = (reason: string) => (major === 5 ? null : reason);
    const steps = ofType(events, "step.finished");
    expect(steps.map((step) => [step.stepNumber, step.finishReason, step.rawFinishReason])).toEqual(
      [
        [0, "tool-calls", raw("tool_use")],
        [1, "tool-calls", raw("tool_use")],
        [2, "stop", raw("end_turn")],
      ],
    );
    expect(steps[0]?.usage).toEqual({
      inputTokens: 100,
      outputTokens: 20,
      totalTokens: 120,
      reasoningTokens: 5,
      cacheReadTokens: 60,
      // v5's usage has no cache writes.
      cacheWriteTokens: major === 5 ? null : 10,
    });
    expect(steps[0]).toMatchObject({
      text: "Working on it.",
      reasoning: "Add, shout, and try the broken one.",
      model: mockModelId,
      responseId: "resp-0",
    });
    expect(steps[2]).toMatchObject({ text: "The answer is 6.", reasoning: null });

    const finished = ofType(events, "tool_call.finished");
    expect(finished.map((f) => [f.toolCallId, f.outputType, f.output, f.error ?? null])).toEqual([
      ["call-add-1", "json", { sum: 5 }, null],
      ["call-shout", "text", "HI", null],
      ["call-explode", "error-text", undefined, "disk on fire"],
      ["call-add-2", "json", { sum: 6 }, null],
    ]);
    const started = ofType(events, "tool_call.started");
    expect(started.map((s) => [s.id, s.stepId, s.toolName, s.input])).toEqual([
      [finished[0]?.id, steps[0]?.stepId, "add", { a: 2, b: 3 }],
      [finished[1]?.id, steps[0]?.stepId, "shout", { text: "hi" }],
      [finished[2]?.id, steps[0]?.stepId, "explode", {}],
      [finished[3]?.id, steps[1]?.stepId, "add", { a: 5, b: 1 }],
    ]);
    const invocationIds = new Set(
      events.map((event) => "invocationId" in event && event.invocationId),
    );
    expect(invocationIds).toEqual(new Set([recording.invocationId]));
  });
});

describe("recordInvocation", () => {
  it("records a v7 call that toolApproval denies as execution-denied", async () => {
    const { recorder, sent } = setup();
    const recording = recordInvocation(recorder, { agentType: "coder" });
    await runDeniedApprovalV7(recording.onStepFinish);
    const [denied] = ofType(await sent(), "tool_call.finished");
    expect(denied).toMatchObject({
      toolCallId: "call-rm",
      outputType: "execution-denied",
      output: { reason: "too risky" },
    });
  });

  it("closes a v6 call left waiting for approval when a later call denies it", async () => {
    const { recorder, sent } = setup();
    const recording = recordInvocation(recorder, { agentType: "coder" });
    await runDeniedApprovalV6(recording.onStepFinish);
    const events = await sent();
    const steps = ofType(events, "step.finished");
    expect(steps.map((step) => step.stepNumber)).toEqual([0, 1]);
    const [started] = ofType(events, "tool_call.started");
    const [denied] = ofType(events, "tool_call.finished");
    expect(denied).toMatchObject({
      id: started?.id,
      stepId: steps[0]?.stepId,
      outputType: "execution-denied",
      output: { reason: "too risky" },
    });
  });

  it("records each step once when both onStepFinish and onStepEnd are passed", async () => {
    const { recorder, sent } = setup();
    const recording = recordInvocation(recorder, { agentType: "coder" });
    const both = (step: object) => {
      recording.onStepFinish(step);
      recording.onStepEnd(step);
    };
    await runToolLoopV7(toolLoopTurns, both);
    expect(ofType(await sent(), "step.finished")).toHaveLength(3);
  });

  it("logs a step the recorder refuses instead of failing the agent's call", async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const record = vi.fn((event: { type: string }) => {
      if (event.type === "step.finished") throw new Error("refused");
    });
    const recording = recordInvocation({ record, logger }, { agentType: "coder" });
    await runToolLoopV7(toolLoopTurns, recording.onStepFinish);
    expect(logger.error).toHaveBeenCalledTimes(3);
  });

  it("throws at once for an invalid context, and records finish only once", async () => {
    const { recorder, sent } = setup();
    expect(() => recordInvocation(recorder, { agentType: "coder", runId: "run-1" })).toThrow(
      /runId/,
    );
    const recording = recordInvocation(recorder, { agentType: "judge" });
    recording.finish({ status: "failed", error: new Error("model overloaded") });
    recording.finish({ status: "completed" });
    const finished = ofType(await sent(), "invocation.finished");
    expect(finished.map((event) => [event.status, event.error])).toEqual([
      ["failed", "model overloaded"],
    ]);
  });
});
