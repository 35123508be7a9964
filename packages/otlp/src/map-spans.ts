import type { TelemetryEventInput } from "@steward/events";
import { classifySpan, type SpanRole } from "./classify-span";
import { deriveId } from "./derive-id";
import { readError, readString } from "./read-attributes";
import {
  readAgent,
  readCarriedToolCallIds,
  readFinishReason,
  readModel,
  readOutputText,
  readToolCall,
  readUsage,
} from "./read-genai";
import type { AttributeValue, OtlpSpan } from "./read-spans";

/** A span's key: its trace and span ids, the pair OTLP makes unique. */
export type SpanKey = string;
export type MappedEvent = { span: SpanKey; event: TelemetryEventInput };
export type MappedSpans = {
  /** Parents before children; the worker still holds a child until its parent lands. */
  events: MappedEvent[];
  /** Spans of a recorded kind that cannot become rows, with why. */
  rejected: { span: SpanKey; reason: string }[];
  /** Spans of no GenAI kind: not recorded, not an error. */
  ignored: number;
  /** Tool calls whose model call is not in this export: placed by `placeToolCall`. */
  unplaced: { span: OtlpSpan; invocationId: string }[];
};

type Where = { invocationId: string; synthesizedFrom?: OtlpSpan } | { reason: string };

const keyOf = (span: { traceId: string; spanId: string }): SpanKey =>
  `${span.traceId}:${span.spanId}`;

/**
 * Converts spans into Steward's events. Every id is derived from the trace and span ids, so the
 * same span sent twice, in either encoding or another export, names the same rows and events.
 * An agent span's usage is never taken: invocations total their steps, so a span repeating its
 * children's totals cannot count them twice.
 */
export function mapSpans(input: readonly OtlpSpan[]): MappedSpans {
  const spans = new Map<SpanKey, OtlpSpan>();
  for (const span of input) if (!spans.has(keyOf(span))) spans.set(keyOf(span), span);
  const roles = new Map<SpanKey, SpanRole>();
  for (const [key, span] of spans) roles.set(key, classifySpan(span));

  const result: MappedSpans = { events: [], rejected: [], ignored: 0, unplaced: [] };
  const reject = (span: OtlpSpan, reason: string) =>
    result.rejected.push({ span: keyOf(span), reason: `span ${span.spanId}: ${reason}` });

  /** The nearest recorded ancestor of a role, or where the walk left this export. */
  const ancestors = (span: OtlpSpan) => {
    const chain: OtlpSpan[] = [];
    let parentId = span.parentSpanId;
    const seen = new Set<string>();
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = spans.get(`${span.traceId}:${parentId}`);
      if (!parent) return { chain, missing: `${span.traceId}:${parentId}` };
      chain.push(parent);
      parentId = parent.parentSpanId;
    }
    return { chain, missing: null };
  };
  const roleOf = (span: OtlpSpan) => roles.get(keyOf(span)) ?? "none";

  // A model call outside any agent becomes an invocation of its own, named by its service; a
  // call whose agent span is not in this export names that span, whose invocation may come later.
  const locate = (span: OtlpSpan): Where => {
    const { chain, missing } = ancestors(span);
    const invocation = chain.find((ancestor) => roleOf(ancestor) === "invocation");
    if (invocation) return { invocationId: deriveId(keyOf(invocation)) };
    if (missing) return { invocationId: deriveId(missing) };
    const steps = [span, ...chain].filter((candidate) => roleOf(candidate) === "step");
    const top = steps[steps.length - 1];
    if (top) return { invocationId: deriveId(`${keyOf(top)}:invocation`), synthesizedFrom: top };
    return { reason: "a tool call outside any agent or model call" };
  };

  const stepsByInvocation = new Map<string, OtlpSpan[]>();
  const synthesized = new Map<string, OtlpSpan>();
  const toolSpans: OtlpSpan[] = [];
  for (const [key, span] of spans) {
    const role = roles.get(key);
    if (role === "none") result.ignored++;
    if (role === "invocation") {
      const { chain } = ancestors(span);
      const parent = chain.find((ancestor) => roleOf(ancestor) === "invocation");
      pushInvocation(result, span, {
        invocationId: deriveId(key),
        parentInvocationId: parent ? deriveId(keyOf(parent)) : null,
        synthesized: false,
        reject,
      });
    }
    if (role === "step") {
      const where = locate(span);
      if ("reason" in where) continue;
      const list = stepsByInvocation.get(where.invocationId) ?? [];
      list.push(span);
      stepsByInvocation.set(where.invocationId, list);
      if (where.synthesizedFrom) synthesized.set(where.invocationId, where.synthesizedFrom);
    }
    if (role === "tool") toolSpans.push(span);
  }
  for (const [invocationId, span] of synthesized) {
    pushInvocation(result, span, {
      invocationId,
      parentInvocationId: null,
      synthesized: true,
      reject,
    });
  }
  for (const [invocationId, steps] of stepsByInvocation) {
    steps.sort(byStart);
    steps.forEach((span, stepNumber) => {
      pushStep(result, span, { invocationId, stepNumber, reject });
    });
  }
  for (const span of toolSpans) {
    const where = locate(span);
    if ("reason" in where) {
      reject(span, where.reason);
      continue;
    }
    const step = findStep(
      span,
      stepsByInvocation.get(where.invocationId) ?? [],
      ancestors(span).chain,
      roleOf,
    );
    if (!step) {
      result.unplaced.push({ span, invocationId: where.invocationId });
      continue;
    }
    pushToolCall(result, span, {
      invocationId: where.invocationId,
      stepId: deriveId(keyOf(step)),
      reject,
    });
  }
  return result;
}

/** The step whose response carried the call id, else the one it ran under or after. */
function findStep(
  tool: OtlpSpan,
  steps: OtlpSpan[],
  chain: OtlpSpan[],
  roleOf: (span: OtlpSpan) => SpanRole,
): OtlpSpan | undefined {
  const callId = readToolCall(tool).toolCallId;
  if (callId) {
    const carrier = steps.find((step) => readCarriedToolCallIds(step).includes(callId));
    if (carrier) return carrier;
  }
  const enclosing = chain.find((ancestor) => roleOf(ancestor) !== "none");
  if (enclosing && roleOf(enclosing) === "step") return enclosing;
  const started = tool.startTime?.getTime() ?? Number.POSITIVE_INFINITY;
  return steps.filter((step) => (step.startTime?.getTime() ?? 0) <= started).at(-1);
}

function byStart(a: OtlpSpan, b: OtlpSpan): number {
  const difference = (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0);
  return difference !== 0 ? difference : a.spanId.localeCompare(b.spanId);
}

type Context = { reject: (span: OtlpSpan, reason: string) => void };

function pushInvocation(
  result: MappedSpans,
  span: OtlpSpan,
  {
    invocationId,
    parentInvocationId,
    synthesized,
    reject,
  }: Context & { invocationId: string; parentInvocationId: string | null; synthesized: boolean },
) {
  const startedAt = span.startTime ?? span.endTime;
  if (!startedAt) {
    reject(span, "no start or end time");
    return;
  }
  const agent = readAgent(span);
  const service = readString(span.resource, "service.name");
  // An agent span names itself; a model call standing in for its agent is named by its service.
  const ownName = span.name.replace(/^invoke_agent\s*/, "").trim() || null;
  const serviceName = service && !service.startsWith("unknown_service") ? service : null;
  const agentName =
    agent.agentName ??
    (synthesized ? (serviceName ?? ownName) : (ownName ?? serviceName)) ??
    "agent";
  const key = keyOf(span);
  result.events.push({
    span: key,
    event: {
      type: "invocation.started",
      eventId: deriveId(`${invocationId}:invocation.started`),
      invocationId,
      agentName,
      parentInvocationId,
      traceId: span.traceId,
      conversationKey: agent.conversationKey,
      model: readString(span.attributes, "gen_ai.request.model", "ai.model.id", "llm.model_name"),
      ...defined("input", agent.input),
      startedAt: startedAt.toISOString(),
    } as TelemetryEventInput,
  });
  if (!span.endTime) return;
  const error = readError(span);
  result.events.push({
    span: key,
    event: {
      type: "invocation.finished",
      eventId: deriveId(`${invocationId}:invocation.finished`),
      invocationId,
      status: error ? "failed" : "completed",
      ...defined("output", agent.output),
      error,
      finishedAt: span.endTime.toISOString(),
    } as TelemetryEventInput,
  });
}

function pushStep(
  result: MappedSpans,
  span: OtlpSpan,
  { invocationId, stepNumber, reject }: Context & { invocationId: string; stepNumber: number },
) {
  const finishedAt = span.endTime ?? span.startTime;
  if (!finishedAt) {
    reject(span, "no start or end time");
    return;
  }
  const stepId = deriveId(keyOf(span));
  const usage = Object.fromEntries(
    Object.entries(readUsage(span)).filter(([, value]) => value !== null),
  );
  const { finishReason, rawFinishReason } = readFinishReason(span);
  result.events.push({
    span: keyOf(span),
    event: {
      type: "step.finished",
      eventId: deriveId(`${stepId}:step.finished`),
      stepId,
      invocationId,
      stepNumber,
      text: readOutputText(span),
      finishReason,
      rawFinishReason,
      usage,
      model: readModel(span),
      responseId: readString(span.attributes, "gen_ai.response.id", "ai.response.id"),
      startedAt: span.startTime?.toISOString() ?? null,
      finishedAt: finishedAt.toISOString(),
    } as TelemetryEventInput,
  });
}

/**
 * Places a tool call whose model call came in an earlier export, under the step of its agent
 * that started last before it, or refuses it saying why.
 */
export function placeToolCall(
  into: MappedSpans,
  { span, invocationId }: MappedSpans["unplaced"][number],
  steps: { id: string; startedAt: Date | null }[],
) {
  const started = span.startTime?.getTime() ?? Number.POSITIVE_INFINITY;
  const step = steps
    .filter((candidate) => (candidate.startedAt?.getTime() ?? 0) <= started)
    .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0))
    .at(-1);
  if (!step) {
    into.rejected.push({
      span: keyOf(span),
      reason: `span ${span.spanId}: no model call of its agent was recorded before this tool call`,
    });
    return;
  }
  pushToolCall(into, span, {
    invocationId,
    stepId: step.id,
    reject: (rejected, reason) =>
      into.rejected.push({ span: keyOf(rejected), reason: `span ${rejected.spanId}: ${reason}` }),
  });
}

function pushToolCall(
  result: MappedSpans,
  span: OtlpSpan,
  { invocationId, stepId, reject }: Context & { invocationId: string; stepId: string },
) {
  const finishedAt = span.endTime ?? span.startTime;
  if (!finishedAt) {
    reject(span, "no start or end time");
    return;
  }
  const call = readToolCall(span);
  const id = deriveId(keyOf(span));
  const output: AttributeValue | undefined = call.error ?? call.output;
  result.events.push({
    span: keyOf(span),
    event: {
      type: "tool_call.finished",
      eventId: deriveId(`${id}:tool_call.finished`),
      id,
      invocationId,
      stepId,
      toolCallId: call.toolCallId ?? span.spanId,
      toolName: call.toolName,
      ...defined("input", call.input),
      outputType: call.error
        ? "error-text"
        : typeof output === "string" || output === undefined
          ? "text"
          : "json",
      ...defined("output", output),
      error: call.error,
      startedAt: span.startTime?.toISOString() ?? null,
      finishedAt: finishedAt.toISOString(),
    } as TelemetryEventInput,
  });
}

function defined(key: string, value: AttributeValue | undefined) {
  return value === undefined ? {} : { [key]: value };
}
