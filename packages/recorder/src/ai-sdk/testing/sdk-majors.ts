// Real `generateText` runs in each AI SDK major, over the SDK's own mock models, so the
// integration is tested against what each major actually hands to `onStepFinish`.
import * as v7 from "ai";
import { MockLanguageModelV4 } from "ai/test";
import * as v5 from "ai-v5";
import { MockLanguageModelV2 } from "ai-v5/test";
import * as v6 from "ai-v6";
import { MockLanguageModelV3 } from "ai-v6/test";
import { z } from "zod";

/** One model response, written once and translated to each major's provider shape. */
export type ModelTurn = {
  parts: (
    | { type: "text" | "reasoning"; text: string }
    | { type: "tool-call"; toolCallId: string; toolName: string; input: object }
  )[];
  finishReason: { unified: "stop" | "tool-calls" | "length"; raw: string };
  usage: {
    input: number;
    output: number;
    reasoning: number;
    cacheRead: number;
    cacheWrite: number;
  };
  responseId: string;
};

export const mockModelId = "mock-model-1";
type StepCallback = (step: object) => void;
type Run = { steps: readonly object[] };

/** Three tools: one returns JSON, one returns text, one throws. */
export const toolLoopTurns: ModelTurn[] = [
  {
    parts: [
      { type: "reasoning", text: "Add, shout, and try the broken one." },
      { type: "text", text: "Working on it." },
      { type: "tool-call", toolCallId: "call-add-1", toolName: "add", input: { a: 2, b: 3 } },
      { type: "tool-call", toolCallId: "call-shout", toolName: "shout", input: { text: "hi" } },
      { type: "tool-call", toolCallId: "call-explode", toolName: "explode", input: {} },
    ],
    finishReason: { unified: "tool-calls", raw: "tool_use" },
    usage: { input: 100, output: 20, reasoning: 5, cacheRead: 60, cacheWrite: 10 },
    responseId: "resp-0",
  },
  {
    parts: [
      { type: "tool-call", toolCallId: "call-add-2", toolName: "add", input: { a: 5, b: 1 } },
    ],
    finishReason: { unified: "tool-calls", raw: "tool_use" },
    usage: { input: 150, output: 10, reasoning: 0, cacheRead: 100, cacheWrite: 0 },
    responseId: "resp-1",
  },
  {
    parts: [{ type: "text", text: "The answer is 6." }],
    finishReason: { unified: "stop", raw: "end_turn" },
    usage: { input: 170, output: 8, reasoning: 0, cacheRead: 150, cacheWrite: 0 },
    responseId: "resp-2",
  },
];

const addInput = z.object({ a: z.number(), b: z.number() });
const shoutInput = z.object({ text: z.string() });
const add = async ({ a, b }: { a: number; b: number }) => ({ sum: a + b });
const shout = async ({ text }: { text: string }) => text.toUpperCase();
const explode = async (_input: object): Promise<string> => {
  throw new Error("disk on fire");
};

type V2Result = Awaited<ReturnType<MockLanguageModelV2["doGenerate"]>>;
type V3Result = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
type V4Result = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

function toV2(turn: ModelTurn): V2Result {
  const { input, output, reasoning, cacheRead } = turn.usage;
  return {
    content: turn.parts.map((part) =>
      part.type === "tool-call" ? { ...part, input: JSON.stringify(part.input) } : part,
    ),
    finishReason: turn.finishReason.unified,
    usage: {
      inputTokens: input,
      outputTokens: output,
      totalTokens: input + output,
      reasoningTokens: reasoning,
      cachedInputTokens: cacheRead,
    },
    warnings: [],
    response: { id: turn.responseId, modelId: mockModelId, timestamp: new Date() },
  };
}

function toV3(turn: ModelTurn): V3Result & V4Result {
  const { input, output, reasoning, cacheRead, cacheWrite } = turn.usage;
  return {
    content: turn.parts.map((part) =>
      part.type === "tool-call" ? { ...part, input: JSON.stringify(part.input) } : part,
    ),
    finishReason: turn.finishReason,
    usage: {
      inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite },
      outputTokens: { total: output, text: output - reasoning, reasoning },
    },
    warnings: [],
    response: { id: turn.responseId, modelId: mockModelId, timestamp: new Date() },
  };
}

export const sdkMajors = [
  {
    major: 5,
    async runToolLoop(turns: ModelTurn[], onStepFinish: StepCallback): Promise<Run> {
      const model = new MockLanguageModelV2({ modelId: mockModelId, doGenerate: turns.map(toV2) });
      return v5.generateText({
        model,
        prompt: "What is 2 + 3 + 1?",
        tools: {
          add: v5.tool({ inputSchema: addInput, execute: add }),
          shout: v5.tool({ inputSchema: shoutInput, execute: shout }),
          explode: v5.tool({ inputSchema: z.object({}), execute: explode }),
        },
        stopWhen: v5.stepCountIs(5),
        onStepFinish,
      });
    },
  },
  {
    major: 6,
    async runToolLoop(turns: ModelTurn[], onStepFinish: StepCallback): Promise<Run> {
      const model = new MockLanguageModelV3({ modelId: mockModelId, doGenerate: turns.map(toV3) });
      return v6.generateText({
        model,
        prompt: "What is 2 + 3 + 1?",
        tools: {
          add: v6.tool({ inputSchema: addInput, execute: add }),
          shout: v6.tool({ inputSchema: shoutInput, execute: shout }),
          explode: v6.tool({ inputSchema: z.object({}), execute: explode }),
        },
        stopWhen: v6.stepCountIs(5),
        onStepFinish,
      });
    },
  },
  {
    major: 7,
    runToolLoop: runToolLoopV7,
  },
] as const;

export async function runToolLoopV7(turns: ModelTurn[], onStepFinish: StepCallback): Promise<Run> {
  const model = new MockLanguageModelV4({ modelId: mockModelId, doGenerate: turns.map(toV3) });
  return v7.generateText({
    model,
    prompt: "What is 2 + 3 + 1?",
    tools: {
      add: v7.tool({ inputSchema: addInput, execute: add }),
      shout: v7.tool({ inputSchema: shoutInput, execute: shout }),
      explode: v7.tool({ inputSchema: z.object({}), execute: explode }),
    },
    stopWhen: v7.stepCountIs(5),
    onStepFinish,
  });
}

const removeTurns: ModelTurn[] = [
  {
    parts: [{ type: "tool-call", toolCallId: "call-rm", toolName: "rm", input: { path: "/" } }],
    finishReason: { unified: "tool-calls", raw: "tool_use" },
    usage: { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 },
    responseId: "resp-rm",
  },
  {
    parts: [{ type: "text", text: "I will not remove it." }],
    finishReason: { unified: "stop", raw: "end_turn" },
    usage: { input: 20, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 },
    responseId: "resp-after",
  },
];
const rmInput = z.object({ path: z.string() });
const rm = async () => "removed";

/**
 * v6: the tool needs approval, so the first call ends asking for it; the agent denies it in a
 * second call. The denial reaches `onStepFinish` only through that call's tool messages.
 */
export async function runDeniedApprovalV6(onStepFinish: StepCallback): Promise<void> {
  const model = new MockLanguageModelV3({
    modelId: mockModelId,
    doGenerate: removeTurns.map(toV3),
  });
  const tools = { rm: v6.tool({ inputSchema: rmInput, needsApproval: true, execute: rm }) };
  const first = await v6.generateText({ model, tools, prompt: "Clean up", onStepFinish });
  const request = first.content.find((part) => part.type === "tool-approval-request");
  if (!request) throw new Error("v6 asked for no approval");
  await v6.generateText({
    model,
    tools,
    messages: [
      { role: "user", content: "Clean up" },
      ...first.response.messages,
      {
        role: "tool",
        content: [
          {
            type: "tool-approval-response",
            approvalId: request.approvalId,
            approved: false,
            reason: "too risky",
          },
        ],
      },
    ],
    onStepFinish,
  });
}

/** v7: `toolApproval` denies the call inside the step, and the loop goes on. */
export async function runDeniedApprovalV7(onStepFinish: StepCallback): Promise<void> {
  const model = new MockLanguageModelV4({
    modelId: mockModelId,
    doGenerate: removeTurns.map(toV3),
  });
  await v7.generateText({
    model,
    tools: { rm: v7.tool({ inputSchema: rmInput, execute: rm }) },
    toolApproval: { rm: { type: "denied", reason: "too risky" } },
    prompt: "Clean up",
    stopWhen: v7.stepCountIs(5),
    onStepFinish,
  });
}
