import {
  readCount,
  readError,
  readException,
  readFirst,
  readFlattened,
  readString,
  readStructured,
} from "./read-attributes";
import type { Attributes, AttributeValue, OtlpSpan } from "./read-spans";

export type Usage = {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  reasoningTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
};

/** A model call's usage in any of the conventions' spellings, current names first. */
export function readUsage({ attributes: a }: OtlpSpan): Usage {
  const inputTokens = readCount(
    a,
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "ai.usage.inputTokens",
    "ai.usage.promptTokens",
    "llm.token_count.prompt",
    "llm.usage.prompt_tokens",
  );
  const outputTokens = readCount(
    a,
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "ai.usage.outputTokens",
    "ai.usage.completionTokens",
    "llm.token_count.completion",
    "llm.usage.completion_tokens",
  );
  const total = readCount(
    a,
    "gen_ai.usage.total_tokens",
    "ai.usage.totalTokens",
    "llm.token_count.total",
    "llm.usage.total_tokens",
  );
  return {
    inputTokens,
    outputTokens,
    totalTokens:
      total ?? (inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null),
    reasoningTokens: readCount(
      a,
      "gen_ai.usage.reasoning.output_tokens",
      "ai.usage.reasoningTokens",
      "ai.usage.outputTokenDetails.reasoningTokens",
      "llm.token_count.completion_details.reasoning",
    ),
    cacheReadTokens: readCount(
      a,
      "gen_ai.usage.cache_read.input_tokens",
      "gen_ai.usage.cache_read_input_tokens",
      "ai.usage.cachedInputTokens",
      "ai.usage.inputTokenDetails.cacheReadTokens",
      "llm.token_count.prompt_details.cache_read",
    ),
    cacheWriteTokens: readCount(
      a,
      "gen_ai.usage.cache_creation.input_tokens",
      "gen_ai.usage.cache_write.input_tokens",
      "gen_ai.usage.cache_creation_input_tokens",
      "ai.usage.inputTokenDetails.cacheWriteTokens",
      "llm.token_count.prompt_details.cache_write",
    ),
  };
}

export function readModel({ attributes: a }: OtlpSpan): string | null {
  return readString(
    a,
    "gen_ai.response.model",
    "ai.response.model",
    "llm.model_name",
    "gen_ai.request.model",
    "ai.model.id",
  );
}

const finishReasons: Record<string, string> = {
  stop: "stop",
  end_turn: "stop",
  stop_sequence: "stop",
  length: "length",
  max_tokens: "length",
  content_filter: "content-filter",
  "content-filter": "content-filter",
  tool_calls: "tool-calls",
  "tool-calls": "tool-calls",
  tool_use: "tool-calls",
  function_call: "tool-calls",
  error: "error",
  other: "other",
};

export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

/** The provider's word for why a model call stopped, and Steward's reading of it. */
export function readFinishReason(span: OtlpSpan): {
  finishReason: FinishReason | null;
  rawFinishReason: string | null;
} {
  const a = span.attributes;
  const list = a["gen_ai.response.finish_reasons"];
  const fromChoice = span.events
    .filter((event) => event.name === "gen_ai.choice")
    .map((event) => readString(event.attributes, "finish_reason"))
    .find((reason) => reason !== null);
  const raw =
    (Array.isArray(list) && typeof list[0] === "string" ? list[0] : null) ??
    readString(
      a,
      "gen_ai.response.finish_reasons",
      "ai.response.finishReason",
      "gen_ai.completion.0.finish_reason",
      "llm.output_messages.0.message.finish_reason",
    ) ??
    fromChoice ??
    null;
  if (span.status.code === 2) return { finishReason: "error", rawFinishReason: raw };
  if (raw === null) return { finishReason: null, rawFinishReason: null };
  return {
    finishReason: (finishReasons[raw.toLowerCase()] as FinishReason | undefined) ?? "other",
    rawFinishReason: raw,
  };
}

/** The text a model call answered, from whichever place its convention keeps it. */
export function readOutputText(span: OtlpSpan): string | null {
  const a = span.attributes;
  const direct = readString(
    a,
    "ai.response.text",
    "llm.output_messages.0.message.content",
    "gen_ai.completion.0.content",
    "gen_ai.completion",
  );
  if (direct) return direct;
  const messages = readStructured(a["gen_ai.output.messages"]);
  const fromMessages = textOfMessages(messages);
  if (fromMessages) return fromMessages;
  for (const event of span.events) {
    if (event.name === "gen_ai.choice") {
      const message = readStructured(event.attributes.message);
      const text = textOfMessages(message ? [message] : undefined);
      if (text) return text;
    }
    if (event.name === "gen_ai.content.completion") {
      const text = readString(event.attributes, "gen_ai.completion");
      if (text) return text;
    }
  }
  return null;
}

function textOfMessages(messages: AttributeValue | undefined): string | null {
  if (!Array.isArray(messages)) return null;
  const texts: string[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    if (typeof message.content === "string") texts.push(message.content);
    const parts = Array.isArray(message.parts)
      ? message.parts
      : Array.isArray(message.content)
        ? message.content
        : [];
    for (const part of parts) {
      if (isRecord(part) && part.type === "text") {
        const text = part.content ?? part.text;
        if (typeof text === "string") texts.push(text);
      }
    }
  }
  return texts.length > 0 ? texts.join("\n") : null;
}

/** The tool call ids a model call's response carried, whatever the convention. */
export function readCarriedToolCallIds(span: OtlpSpan): string[] {
  const ids = new Set<string>();
  const a = span.attributes;
  const collect = (value: AttributeValue | undefined) => {
    walkObjects(value, (object) => {
      const id = object.toolCallId ?? object.id ?? object["tool_call.id"];
      const looksLikeCall =
        object.type === "tool_call" ||
        object.type === "function" ||
        object.type === "tool-call" ||
        "toolCallId" in object ||
        "tool_call.id" in object ||
        "function" in object;
      if (looksLikeCall && typeof id === "string") ids.add(id);
    });
  };
  collect(readStructured(a["gen_ai.output.messages"]));
  collect(readStructured(a["ai.response.toolCalls"]));
  for (const [key, value] of Object.entries(a)) {
    if (
      typeof value === "string" &&
      (/^llm\.output_messages\.\d+\.message\.tool_calls\.\d+\.tool_call\.id$/.test(key) ||
        /^gen_ai\.completion\.\d+\.tool_calls\.\d+\.id$/.test(key))
    ) {
      ids.add(value);
    }
  }
  for (const event of span.events) {
    if (event.name === "gen_ai.choice") {
      collect(readStructured(event.attributes.message));
      collect(readStructured(event.attributes.tool_calls));
    }
  }
  return [...ids];
}

export type ToolCallFacts = {
  toolName: string;
  toolCallId: string | null;
  input: AttributeValue | undefined;
  output: AttributeValue | undefined;
  error: string | null;
};

/** A tool span's call: its name, the provider's call id, arguments, result or error. */
export function readToolCall(span: OtlpSpan): ToolCallFacts {
  const a = span.attributes;
  return {
    toolName:
      readString(a, "gen_ai.tool.name", "ai.toolCall.name", "tool.name", "traceloop.entity.name") ??
      (span.name.replace(/^execute_tool\s+/, "") || "tool"),
    toolCallId: readString(a, "gen_ai.tool.call.id", "ai.toolCall.id", "tool_call.id"),
    input: readFirst(
      a,
      "gen_ai.tool.call.arguments",
      "ai.toolCall.args",
      "ai.toolCall.input",
      "tool.parameters",
      "input.value",
      "traceloop.entity.input",
    ),
    output: readFirst(
      a,
      "gen_ai.tool.call.result",
      "ai.toolCall.result",
      "ai.toolCall.output",
      "output.value",
      "traceloop.entity.output",
    ),
    error: readError(span) ?? readFailedToolStatus(span),
  };
}

function readFailedToolStatus(span: OtlpSpan): string | null {
  const status = readString(span.attributes, "gen_ai.tool.status");
  if (status && status !== "success") return readException(span) ?? `tool status ${status}`;
  return null;
}

/** What a span says of the agent: its name, conversation, input and output. */
export function readAgent(span: OtlpSpan): {
  agentName: string | null;
  conversationKey: string | null;
  input: AttributeValue | undefined;
  output: AttributeValue | undefined;
} {
  const a = span.attributes;
  return {
    agentName: readString(
      a,
      "gen_ai.agent.name",
      "ai.telemetry.functionId",
      "traceloop.entity.name",
      "agent.name",
      "gen_ai.agent.id",
    ),
    conversationKey: readString(
      a,
      "gen_ai.conversation.id",
      "session.id",
      "ai.telemetry.metadata.sessionId",
      "traceloop.association.properties.session_id",
    ),
    input: withSystemInstructions(
      readFirst(
        a,
        "gen_ai.input.messages",
        "ai.prompt.messages",
        "ai.prompt",
        "input.value",
        "traceloop.entity.input",
      ) ??
        messagesOrUndefined(
          readFlattened(a, "llm.input_messages") ??
            readFlattened(a, "gen_ai.prompt") ??
            readMessageEvents(span),
        ),
      readFirst(a, "gen_ai.system_instructions"),
    ),
    output:
      readFirst(
        a,
        "gen_ai.output.messages",
        "ai.response.text",
        "output.value",
        "traceloop.entity.output",
      ) ??
      messagesOrUndefined(
        readFlattened(a, "llm.output_messages") ?? readFlattened(a, "gen_ai.completion"),
      ),
  };
}

/**
 * The current conventions keep system instructions apart from the input messages; an
 * invocation's input keeps both, the instructions as the system message they replace.
 */
function withSystemInstructions(
  input: AttributeValue | undefined,
  instructions: AttributeValue | undefined,
): AttributeValue | undefined {
  if (instructions === undefined) return input;
  const system = { role: "system", parts: instructions };
  if (Array.isArray(input)) return [system, ...input];
  return input === undefined ? [system] : { systemInstructions: instructions, input };
}

const messageEvents: Record<string, string> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

/** The older convention's per-message span events, as a message list. */
function readMessageEvents(span: OtlpSpan): Attributes[] | undefined {
  const messages = span.events
    .filter((event) => event.name in messageEvents)
    .map((event) => {
      const message: Attributes = { role: messageEvents[event.name] ?? event.name };
      for (const [key, value] of Object.entries(event.attributes)) {
        message[key] = readStructured(value) ?? null;
      }
      return message;
    });
  return messages.length > 0 ? messages : undefined;
}

function messagesOrUndefined(items: Attributes[] | undefined) {
  return items as AttributeValue | undefined;
}

function walkObjects(
  value: AttributeValue | undefined,
  visit: (object: Record<string, AttributeValue>) => void,
  depth = 0,
) {
  if (depth > 8 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) walkObjects(item, visit, depth + 1);
  } else if (isRecord(value)) {
    visit(value);
    for (const item of Object.values(value)) walkObjects(item, visit, depth + 1);
  }
}

function isRecord(value: unknown): value is Record<string, AttributeValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
