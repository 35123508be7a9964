import { describe, expect, it } from "vitest";
import { outcomesInMessages, outcomesInStep, toolCallsOf } from "./map-tool-outcome";

describe("outcomesInStep", () => {
  it("reads results as text or JSON and thrown errors as error-text or error-json", () => {
    const content = [
      { type: "tool-call", toolCallId: "a", toolName: "read", input: {} },
      { type: "tool-result", toolCallId: "a", toolName: "read", input: {}, output: "file body" },
      { type: "tool-result", toolCallId: "b", toolName: "stat", input: {}, output: { size: 3 } },
      { type: "tool-error", toolCallId: "c", toolName: "rm", input: {}, error: new Error("EPERM") },
      { type: "tool-error", toolCallId: "d", toolName: "rm", input: {}, error: "no such file" },
      { type: "tool-error", toolCallId: "e", toolName: "rm", input: {}, error: { code: 42 } },
    ];
    expect(Object.fromEntries(outcomesInStep({ content }))).toEqual({
      a: { outputType: "text", output: "file body" },
      b: { outputType: "json", output: { size: 3 } },
      c: { outputType: "error-text", error: "EPERM" },
      d: { outputType: "error-text", error: "no such file" },
      e: { outputType: "error-json", output: { code: 42 } },
    });
  });

  it("ignores preliminary results and approved approvals, and reads a denial", () => {
    const toolCall = { type: "tool-call", toolCallId: "x", toolName: "rm", input: {} };
    const content = [
      {
        type: "tool-result",
        toolCallId: "p",
        toolName: "s",
        input: {},
        output: 1,
        preliminary: true,
      },
      {
        type: "tool-approval-response",
        approvalId: "1",
        toolCall: { ...toolCall, toolCallId: "y" },
        approved: true,
      },
      { type: "tool-approval-response", approvalId: "2", toolCall, approved: false },
    ];
    expect(Object.fromEntries(outcomesInStep({ content }))).toEqual({
      x: { outputType: "execution-denied", output: undefined },
    });
  });
});

describe("outcomesInMessages", () => {
  it("maps the model-facing outputs of tool messages, skipping other roles", () => {
    const messages = [
      { role: "assistant", content: [{ type: "tool-result", toolCallId: "z", output: {} }] },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "a",
            toolName: "t",
            output: { type: "text", value: "ok" },
          },
          {
            type: "tool-result",
            toolCallId: "b",
            toolName: "t",
            output: { type: "json", value: [1] },
          },
          {
            type: "tool-result",
            toolCallId: "c",
            toolName: "t",
            output: { type: "error-text", value: "boom" },
          },
          {
            type: "tool-result",
            toolCallId: "d",
            toolName: "t",
            output: { type: "error-json", value: { e: 1 } },
          },
          {
            type: "tool-result",
            toolCallId: "e",
            toolName: "t",
            output: { type: "execution-denied", reason: "no" },
          },
          {
            type: "tool-result",
            toolCallId: "f",
            toolName: "t",
            output: { type: "content", value: [] },
          },
          { type: "tool-approval-response", approvalId: "1", approved: false },
        ],
      },
    ];
    expect(Object.fromEntries(outcomesInMessages(messages))).toEqual({
      a: { outputType: "text", output: "ok" },
      b: { outputType: "json", output: [1] },
      c: { outputType: "error-text", error: "boom" },
      d: { outputType: "error-json", output: { e: 1 } },
      e: { outputType: "execution-denied", output: { reason: "no" } },
      f: { outputType: "content", output: [] },
    });
    expect(outcomesInMessages(undefined).size).toBe(0);
  });
});

describe("toolCallsOf", () => {
  it("reads toolCalls, or the tool-call parts of the content when a step has no toolCalls", () => {
    const call = { type: "tool-call", toolCallId: "a", toolName: "grep", input: { q: "x" } };
    const expected = [{ toolCallId: "a", toolName: "grep", input: { q: "x" } }];
    expect(toolCallsOf({ toolCalls: [call] })).toEqual(expected);
    expect(toolCallsOf({ content: [{ type: "text", text: "hi" }, call] })).toEqual(expected);
  });
});
