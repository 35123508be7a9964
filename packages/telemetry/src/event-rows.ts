import type { TelemetryEventType } from "@steward/events";
import { invocationFinished, invocationStarted } from "./apply/apply-invocations";
import { ctaRequested, memoryRecorded, metricRecorded } from "./apply/apply-run-records";
import { stepFinished } from "./apply/apply-steps";
import { toolCallFinished, toolCallStarted } from "./apply/apply-tool-calls";
import type { EventDescriptor, EventKeyFields } from "./apply/descriptor";
import type { RowOf } from "./apply/fields";
import type { StoredEvent } from "./stored-events";

/** Each event type's descriptor, under the name of the rows a batch holds for it. */
export const batchDescriptors = {
  invocationsStarted: invocationStarted,
  invocationsFinished: invocationFinished,
  steps: stepFinished,
  toolCallStarts: toolCallStarted,
  toolCallFinishes: toolCallFinished,
  memory: memoryRecorded,
  cta: ctaRequested,
  metrics: metricRecorded,
};

type BatchDescriptors = typeof batchDescriptors;
type RowsKey = keyof BatchDescriptors;

/** A batch's rows, by the applier that takes them. */
export type EventRows = { [K in RowsKey]: RowOf<BatchDescriptors[K]["fields"]>[] };

// Each of the contract's event types has a descriptor: a type without one fails here.
const rowsKeyOf: { [Type in TelemetryEventType]: RowsKey } = {
  "invocation.started": "invocationsStarted",
  "invocation.finished": "invocationsFinished",
  "step.finished": "steps",
  "tool_call.started": "toolCallStarts",
  "tool_call.finished": "toolCallFinishes",
  "memory.recorded": "memory",
  "cta.requested": "cta",
  "metric.recorded": "metrics",
} satisfies { [K in RowsKey as BatchDescriptors[K]["type"]]: K };

/** Whether `type` names an event type of the contract. */
export const isEventType = (type: string): type is TelemetryEventType =>
  Object.hasOwn(rowsKeyOf, type);

type AnyDescriptor = EventDescriptor<TelemetryEventType, EventKeyFields>;
const descriptorOf = (event: StoredEvent) =>
  batchDescriptors[rowsKeyOf[event.type]] as unknown as AnyDescriptor;

/**
 * Sorts a batch's events into the rows each set-based applier takes, each row made by its
 * type's descriptor. Events come as the inbox stores them (see StoredEvent): timestamps are
 * already ISO strings.
 */
export function toEventRows(events: { workspaceId: string; event: StoredEvent }[]): EventRows {
  const rows: EventRows = {
    invocationsStarted: [],
    invocationsFinished: [],
    steps: [],
    toolCallStarts: [],
    toolCallFinishes: [],
    memory: [],
    cta: [],
    metrics: [],
  };
  for (const { workspaceId, event } of events) {
    (rows[rowsKeyOf[event.type]] as unknown[]).push(
      descriptorOf(event).toRow(event as never, workspaceId),
    );
  }
  return rows;
}

/** Why an event is still waiting, for its dead letter if it never applies. */
export const waitingReason = (event: StoredEvent): string =>
  descriptorOf(event).waitingReason(event as never);
