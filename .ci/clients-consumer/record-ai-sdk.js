// A user's agent outside the monorepo: a real multi-step `generateText` with tools over the
// SDK's mock model, recorded through @steward/recorder and its AI SDK integration; then the
// events are read back through @steward/client once the worker has applied them.
import { createStewardClient } from "@steward/client";
import { createRecorder } from "@steward/recorder";
import { recordInvocation } from "@steward/recorder/ai-sdk";
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";

// Set by .ci/clients-smoke to the Steward it started.
const { STEWARD_URL: url, STEWARD_KEY: apiKey } = process.env;
if (!url || !apiKey) throw new Error("set STEWARD_URL and STEWARD_KEY");

const usage = (input, output) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});
const turn = (id, content, finishReason, tokens) => ({
  content,
  finishReason,
  usage: usage(...tokens),
  warnings: [],
  response: { id, modelId: "mock-model-1", timestamp: new Date() },
});
const toolCall = (toolCallId, toolName, input) => ({
  type: "tool-call",
  toolCallId,
  toolName,
  input: JSON.stringify(input),
});
const toolCalls = { unified: "tool-calls", raw: "tool_use" };
const model = new MockLanguageModelV3({
  modelId: "mock-model-1",
  doGenerate: [
    turn("resp-0", [toolCall("call-1", "add", { a: 2, b: 3 })], toolCalls, [100, 20]),
    turn("resp-1", [toolCall("call-2", "add", { a: 5, b: 1 })], toolCalls, [150, 10]),
    turn(
      "resp-2",
      [{ type: "text", text: "The answer is 6." }],
      { unified: "stop", raw: "end_turn" },
      [170, 8],
    ),
  ],
});
const add = tool({
  description: "Adds two numbers",
  inputSchema: jsonSchema({
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
  }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});

const steward = createStewardClient({ url, apiKey });
const run = await steward.runs.create.mutate({ title: "clients-smoke: recorded from a tarball" });

const recorder = createRecorder({ url, apiKey });
const recording = recordInvocation(recorder, {
  agentType: "coder",
  runId: run.id,
  model: "mock-model-1",
});
const result = await generateText({
  model,
  tools: { add },
  stopWhen: stepCountIs(5),
  prompt: "Add 2 and 3, then 5 and 1.",
  onStepFinish: recording.onStepFinish,
});
recording.finish({ status: "completed", output: { text: result.text } });
await recorder.flush();
console.log(
  `generateText took ${result.steps.length} steps; recorder flushed: ${JSON.stringify(recorder.stats())}`,
);

// The inline worker applies the inbox moments after the acknowledgement.
const deadline = Date.now() + 20_000;
for (;;) {
  const { items: invocations } = await steward.invocations.list.query({ runId: run.id });
  const invocation = invocations.find((item) => item.id === recording.invocationId);
  const { items: calls } = await steward.toolCalls.list.query({
    invocationId: recording.invocationId,
  });
  if (invocation?.status === "completed" && invocation.stepCount === 3 && calls.length === 2) {
    console.log(
      `landed: invocation ${invocation.id} completed with ${invocation.stepCount} steps, ` +
        `${invocation.totalTokens} tokens, tool calls ${calls.map((c) => `${c.toolName}:${c.status}`).join(", ")}`,
    );
    break;
  }
  if (Date.now() > deadline) {
    throw new Error(`events did not land: ${JSON.stringify({ invocation, calls: calls.length })}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
await recorder.close();
