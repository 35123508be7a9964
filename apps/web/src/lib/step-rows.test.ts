import { describe, expect, it } from "vitest";
import { buildStepRows, mergeSkeletonPages } from "./step-rows";
import { toolCallOutcome } from "./tool-call-outcome";

const step = (id: string, invocationId: string, stepNumber: number) => ({
  id,
  invocationId,
  stepNumber,
});
const call = (id: string, stepId: string) => ({ id, stepId });

describe("mergeSkeletonPages", () => {
  it("takes invocations from the first page and keeps a repeated step once", () => {
    const merged = mergeSkeletonPages([
      {
        invocations: [{ id: "i1" }],
        steps: [step("s1", "i1", 0), step("s2", "i1", 1)],
        toolCalls: [call("c1", "s2")],
      },
      {
        invocations: null,
        steps: [step("s2", "i1", 1), step("s3", "i2", 0)],
        toolCalls: [call("c1", "s2"), call("c2", "s3")],
      },
    ]);
    expect(merged.invocations).toEqual([{ id: "i1" }]);
    expect(merged.steps.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(merged.toolCalls.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(mergeSkeletonPages([])).toEqual({ invocations: [], steps: [], toolCalls: [] });
  });
});

describe("buildStepRows", () => {
  it("lists each invocation in the given order with its steps by number and their calls", () => {
    const rows = buildStepRows(
      [
        { item: { id: "root" }, depth: 0 },
        { item: { id: "child" }, depth: 1 },
      ],
      [step("c0", "child", 0), step("r1", "root", 1), step("r0", "root", 0), step("x0", "late", 0)],
      [call("t1", "r1"), call("t2", "r1")],
    );
    expect(
      rows.map((row) =>
        row.kind === "invocation"
          ? `${row.invocationId}:${row.loadedSteps}:${row.depth}:${row.invocation ? "known" : "unknown"}`
          : `${row.step.id}[${row.toolCalls.map((c) => c.id).join(",")}]`,
      ),
    ).toEqual([
      "root:2:0:known",
      "r0[]",
      "r1[t1,t2]",
      "child:1:1:known",
      "c0[]",
      "late:1:0:unknown",
      "x0[]",
    ]);
  });
});

describe("buildStepRows tool call order", () => {
  it("orders a step's calls by start, leaving calls without one last in answer order", () => {
    const at = (second: number) => `2026-01-31T12:00:${String(second).padStart(2, "0")}.000Z`;
    const rows = buildStepRows(
      [{ item: { id: "inv" }, depth: 0 }],
      [step("s", "inv", 0)],
      [
        { id: "late", stepId: "s", startedAt: at(30) },
        { id: "unknown-1", stepId: "s", startedAt: null },
        { id: "early", stepId: "s", startedAt: at(10) },
        { id: "unknown-2", stepId: "s", startedAt: null },
      ],
    );
    const stepRow = rows.find((row) => row.kind === "step");
    expect(stepRow?.kind === "step" && stepRow.toolCalls.map((c) => c.id)).toEqual([
      "early",
      "late",
      "unknown-1",
      "unknown-2",
    ]);
  });
});

describe("toolCallOutcome", () => {
  it("tells a denial from a failure and both from success", () => {
    const base = { status: "completed", outputType: "json", hasError: false };
    expect(toolCallOutcome(base)).toBe("ok");
    expect(toolCallOutcome({ ...base, outputType: "execution-denied" })).toBe("denied");
    expect(toolCallOutcome({ ...base, status: "failed", outputType: "execution-denied" })).toBe(
      "denied",
    );
    expect(toolCallOutcome({ ...base, outputType: "error-text" })).toBe("failed");
    expect(toolCallOutcome({ ...base, outputType: "error-json" })).toBe("failed");
    expect(toolCallOutcome({ ...base, status: "failed", outputType: null })).toBe("failed");
    expect(toolCallOutcome({ ...base, hasError: true })).toBe("failed");
    expect(toolCallOutcome({ ...base, status: "running", outputType: null })).toBe("running");
    expect(toolCallOutcome({ ...base, status: "pending", outputType: null })).toBe("running");
  });
});
