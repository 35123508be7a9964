import { z } from "zod";
import { id, jsonObject, label, text, time } from "./fields";
import { storableText } from "./storable";

/**
 * Records a client writes either as a telemetry event or through a procedure. Each one's fields
 * and rules are defined here once: the event adds `eventId`, its `type` and a required `id`, the
 * procedure what is its own, and both apply the same refinements, so the two paths accept
 * exactly the same things and name the same field when they refuse.
 */

// Seed 001's enum values (see events.ts); a test checks they equal the schema's.
export const memoryKindValues = ["insight", "failure", "decision", "constraint"] as const;
export const ctaKindValues = ["approval", "text", "choice"] as const;
export const featurePhaseValues = [
  "analysis",
  "approaches",
  "judging",
  "implementation",
  "pr",
  "completed",
  "failed",
] as const;

/** What a run learned, in one of its phases. */
export const memoryRecordFields = z.object({
  runId: id,
  phase: z.enum(featurePhaseValues).nullish(),
  kind: z.enum(memoryKindValues),
  content: text.trim().min(1),
  sourceInvocationId: id.nullish(),
  metadata: jsonObject.nullish(),
});

/** A question put to a human: an approval, free text, or a choice among `options`. */
export const ctaRequestFields = z.object({
  kind: z.enum(ctaKindValues),
  prompt: text.trim().min(1),
  options: z.array(storableText().trim().min(1).max(500)).min(1).max(50).nullish(),
  runId: id.nullish(),
  invocationId: id.nullish(),
  expiresAt: time.nullish(),
});

type CtaRequest = { kind: string; options?: string[] | null | undefined };

/** Options belong to a choice, which must offer them, each once. */
export function checkCtaOptions(request: CtaRequest, ctx: z.RefinementCtx): void {
  const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["options"], message });
  if (request.kind === "choice" && request.options == null) issue("required for a choice");
  if (request.kind !== "choice" && request.options != null) issue("only a choice offers options");
  if (request.options && new Set(request.options).size !== request.options.length) {
    issue("must be unique");
  }
}

/**
 * An expiry must be in the future by the server's clock when the request is accepted. A request
 * sent as an event is checked once, at the door: the worker applies it later, and time passing
 * meanwhile must not turn it away.
 */
export function requireFutureExpiry(
  request: { expiresAt?: Date | null | undefined },
  ctx: z.RefinementCtx,
): void {
  if (request.expiresAt && request.expiresAt.getTime() <= Date.now()) {
    ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "must be in the future" });
  }
}

/**
 * A metric's value: finite, and small enough that sums over millions of them stay finite in
 * double precision (a total that overflows would make every aggregate read fail).
 */
export const maxMetricMagnitude = 1e15;
export const metricValue = z.number().finite().min(-maxMetricMagnitude).max(maxMetricMagnitude);

/**
 * A measurement about any of its subjects. Its kind is free text, so a new kind of measurement
 * is never refused; it is `metricType` here because an event's own `type` names the event.
 */
export const metricFields = z.object({
  metricType: label,
  value: metricValue,
  metadata: jsonObject.nullish(),
  projectId: id.nullish(),
  agentId: id.nullish(),
  agentInstanceId: id.nullish(),
  taskId: id.nullish(),
  runId: id.nullish(),
  /** When the measurement was taken; when it is recorded if not given. */
  recordedAt: time.nullish(),
});
