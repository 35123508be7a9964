import type { agentTypeValues } from "@steward/events";
import { newId } from "../ids";
import type { Recorder } from "../recorder";
import { fitJson, fitLabel, fitText } from "./fit-value";
import { type OpenToolCall, stepEvents } from "./step-events";

export type InvocationContext = {
  agentType: (typeof agentTypeValues)[number];
  /** Chosen here when absent; pass one to let child invocations name their parent first. */
  invocationId?: string;
  runId?: string | null;
  phaseResultId?: string | null;
  taskId?: string | null;
  conversationId?: string | null;
  parentInvocationId?: string | null;
  agentId?: string | null;
  model?: string | null;
  input?: unknown;
};

export type InvocationResult = {
  status: "completed" | "failed" | "cancelled";
  output?: unknown;
  /** An Error, or a message. */
  error?: unknown;
};

/**
 * Typed as any object so that one callback fits `generateText`'s `onStepFinish` in v5, v6 and
 * v7 alike; the step is read structurally.
 */
export type StepCallback = (step: object) => void;

export type InvocationRecording = {
  readonly invocationId: string;
  /** Pass to `generateText({ onStepFinish })` (every major). */
  onStepFinish: StepCallback;
  /** The same callback under v7's newer name; passing both records each step once. */
  onStepEnd: StepCallback;
  /** Records `invocation.finished`; later calls do nothing. */
  finish(result: InvocationResult): void;
};

/**
 * Records one agent invocation made of one or more `generateText` calls: `invocation.started`
 * now, a `step.finished` per step (numbered from 0 across all the calls), each tool call's start
 * and outcome, and `invocation.finished` when `finish` is called.
 *
 * Throws on an invalid context (a programming error), but never from `onStepFinish`: a step
 * the recorder cannot take is logged, so telemetry cannot fail the agent's model call.
 */
export function recordInvocation(
  recorder: Pick<Recorder, "record" | "logger">,
  context: InvocationContext,
): InvocationRecording {
  const invocationId = context.invocationId ?? newId();
  recorder.record({
    type: "invocation.started",
    eventId: newId(),
    invocationId,
    agentType: context.agentType,
    agentId: context.agentId,
    parentInvocationId: context.parentInvocationId,
    runId: context.runId,
    phaseResultId: context.phaseResultId,
    taskId: context.taskId,
    conversationId: context.conversationId,
    model: fitLabel(context.model),
    input: fitJson(context.input),
    startedAt: new Date(),
  });

  let stepNumber = 0;
  let finished = false;
  const seenSteps = new WeakSet<object>();
  const openCalls = new Map<string, OpenToolCall>();

  const onStep: StepCallback = (step) => {
    if (seenSteps.has(step)) return;
    seenSteps.add(step);
    try {
      const events = stepEvents({ invocationId, stepNumber: stepNumber++, step, openCalls });
      for (const event of events) recorder.record(event);
    } catch (error) {
      recorder.logger.error({ error, invocationId }, "Could not record an AI SDK step");
    }
  };

  return {
    invocationId,
    onStepFinish: onStep,
    onStepEnd: onStep,
    finish({ status, output, error }) {
      if (finished) return;
      finished = true;
      recorder.record({
        type: "invocation.finished",
        eventId: newId(),
        invocationId,
        status,
        output: fitJson(output),
        error:
          error == null ? null : fitText(error instanceof Error ? error.message : String(error)),
        finishedAt: new Date(),
      });
    },
  };
}
