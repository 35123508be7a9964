// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { InvocationSkeleton, StepSkeleton, ToolCallSkeleton } from "../lib/api-types";
import { buildStepRows } from "../lib/step-rows";
import { StepList } from "./step-list";

afterEach(cleanup);

// happy-dom lays nothing out: give the list's scroll box the height a browser would.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains("step-list") ? 600 : 0;
    },
  });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLElement.prototype, "clientHeight");
});

const invocation = {
  id: "inv-1",
  agentType: "coder",
  model: "m",
  stepCount: 1000,
} as InvocationSkeleton;

function stepAt(stepNumber: number): StepSkeleton {
  return {
    id: `step-${stepNumber}`,
    invocationId: "inv-1",
    stepNumber,
    finishReason: "tool-calls",
    totalTokens: 10,
    startedAt: null,
    finishedAt: null,
  } as StepSkeleton;
}

function callOf(stepId: string, id: string, outputType: string, status = "completed") {
  return { id, stepId, toolName: id, status, outputType, hasError: false } as ToolCallSkeleton;
}

const steps = Array.from({ length: 1000 }, (_, i) => stepAt(i));
const toolCalls = [
  callOf("step-0", "bash", "execution-denied", "failed"),
  callOf("step-1", "read", "error-text", "failed"),
  callOf("step-2", "grep", "json"),
];
const rows = buildStepRows([{ item: invocation, depth: 0 }], steps, toolCalls);

describe("StepList", () => {
  it("puts only the rows in view of a thousand steps into the page", () => {
    render(
      <StepList rows={rows} selectedStepId={null} onSelect={() => {}} focusInvocation={null} />,
    );
    const rendered = screen.getAllByTestId("step-row");
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(100);
  });

  it("marks denied and failed tool calls on the step row and opens a step as a button", () => {
    const onSelect = vi.fn();
    render(
      <StepList rows={rows} selectedStepId="step-2" onSelect={onSelect} focusInvocation={null} />,
    );
    const [denied, failed, fine] = screen.getAllByTestId("step-row");
    expect(denied?.dataset.denied).toBe("true");
    expect(denied?.textContent).toContain("denied");
    expect(failed?.dataset.failed).toBe("true");
    expect(fine?.dataset.denied).toBeUndefined();
    expect(fine?.dataset.failed).toBeUndefined();
    expect(fine?.getAttribute("aria-pressed")).toBe("true");
    expect(fine?.tagName).toBe("BUTTON");
    if (failed) fireEvent.click(failed);
    expect(onSelect).toHaveBeenCalledWith("step-1");
  });

  it("moves between steps with the arrow keys, past an invocation's heading", async () => {
    const twoInvocations = buildStepRows(
      [
        { item: invocation, depth: 0 },
        { item: { ...invocation, id: "inv-2" }, depth: 1 },
      ],
      [stepAt(0), { ...stepAt(1), invocationId: "inv-2" }],
      [],
    );
    render(
      <StepList
        rows={twoInvocations}
        selectedStepId={null}
        onSelect={() => {}}
        focusInvocation={null}
      />,
    );
    const [first, second] = screen.getAllByTestId("step-row");
    first?.focus();
    if (first) fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(second));
    if (second) fireEvent.keyDown(second, { key: "ArrowUp" });
    await waitFor(() => expect(document.activeElement).toBe(first));
  });
});
