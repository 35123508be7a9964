import type { OtlpSpan } from "./read-spans";

/** What a span becomes in Steward; `none` spans are not recorded but are walked through. */
export type SpanRole = "invocation" | "step" | "tool" | "none";

const aiSdkRoots = new Set([
  "ai.generateText",
  "ai.streamText",
  "ai.generateObject",
  "ai.streamObject",
]);
const aiSdkCalls = new Set([
  "ai.generateText.doGenerate",
  "ai.streamText.doStream",
  "ai.generateObject.doGenerate",
  "ai.streamObject.doStream",
]);
const genAiOperations: Record<string, SpanRole> = {
  invoke_agent: "invocation",
  chat: "step",
  text_completion: "step",
  generate_content: "step",
  execute_tool: "tool",
  embeddings: "none",
  create_agent: "none",
};
const openInferenceKinds: Record<string, SpanRole> = {
  AGENT: "invocation",
  CHAIN: "invocation",
  LLM: "step",
  TOOL: "tool",
};
const traceloopKinds: Record<string, SpanRole> = {
  workflow: "invocation",
  agent: "invocation",
  tool: "tool",
};

/**
 * The dialect is read from the attributes each convention defines, most specific first: the
 * AI SDK's own operation ids (its spans also carry some `gen_ai.*` keys), then the OpenTelemetry
 * GenAI operation name, OpenInference's span kind, OpenLLMetry's, and last a span that names a
 * model system without an operation (older GenAI instrumentations), which is a model call.
 */
export function classifySpan(span: OtlpSpan): SpanRole {
  const a = span.attributes;
  const operationId = typeof a["ai.operationId"] === "string" ? a["ai.operationId"] : span.name;
  if (aiSdkRoots.has(operationId)) return "invocation";
  if (aiSdkCalls.has(operationId)) return "step";
  if (operationId === "ai.toolCall") return "tool";
  if (operationId.startsWith("ai.")) return "none";

  const operation = a["gen_ai.operation.name"];
  if (typeof operation === "string" && operation in genAiOperations) {
    return genAiOperations[operation] ?? "none";
  }
  const openInference = a["openinference.span.kind"];
  if (typeof openInference === "string") {
    return openInferenceKinds[openInference.toUpperCase()] ?? "none";
  }
  const traceloop = a["traceloop.span.kind"];
  if (typeof traceloop === "string" && traceloop in traceloopKinds) {
    return traceloopKinds[traceloop] ?? "none";
  }
  const requestType = a["llm.request.type"];
  if (requestType === "chat" || requestType === "completion") return "step";
  if (typeof requestType === "string") return "none";
  if (typeof operation === "string") return "none";
  // The AI SDK's `step N` spans group a model call with its tools; they are not model calls.
  if (/^step \d+$/.test(span.name)) return "none";
  const namesModel =
    "gen_ai.system" in a ||
    "gen_ai.provider.name" in a ||
    "gen_ai.request.model" in a ||
    "gen_ai.response.model" in a;
  return namesModel ? "step" : "none";
}
