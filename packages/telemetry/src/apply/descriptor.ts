import { ingestedEvents, type Transaction } from "@steward/db";
import type { TelemetryEventType } from "@steward/events";
import type { SQL } from "drizzle-orm";
import type { StoredEvent } from "../stored-events";
import { type Field, field, type RowOf, recordSet } from "./fields";
import { type ApplyOutcome, executeApply, nothingApplied } from "./records";

/** Every row carries the event it came from, keyed as the ledger keys applied events. */
export const eventId = field(ingestedEvents.eventId);

/** The fields that are columns of the event's table: all but the event's key. */
export const tableFields = (fields: readonly Field[]) => fields.filter((f) => f !== eventId);

/** The rows an applier takes carry at least the event's key. */
export type EventKeyFields = readonly [typeof eventId, Field<"workspace_id", string>, ...Field[]];

export type EventOf<Type extends TelemetryEventType> = Extract<StoredEvent, { type: Type }>;

/**
 * Everything Steward knows of one event type, in one place: the columns of its row (names and
 * SQL types from the schema's tables), the row an event becomes, the statement that applies a
 * batch of such rows, and why an event of the type is still waiting.
 */
export type EventDescriptor<Type extends TelemetryEventType, Fields extends EventKeyFields> = {
  type: Type;
  fields: Fields;
  /**
   * The event's row, as one object literal: spreading shared columns into a literal this wide
   * costs V8 some forty times as much (a quarter of a batch's time in the worker).
   */
  toRow(event: EventOf<Type>, workspaceId: string): RowOf<Fields>;
  /** Applies the rows in one statement; events it does not answer for are waiting. */
  apply(tx: Transaction, rows: RowOf<Fields>[]): Promise<ApplyOutcome>;
  /** Why an event is still waiting, for its dead letter if it never applies. */
  waitingReason(event: EventOf<Type>): string;
};

/** `Row`, with every property that `Want` does not have made impossible. */
type NoExtra<Row, Want> = Row & { [K in Exclude<keyof Row, keyof Want>]: never };

/**
 * An event type's descriptor, in two steps so its row is checked against its fields: a row
 * that misses a column, has one too many, or gives one a value of another type fails the
 * typecheck.
 */
export const describeEvent =
  <Type extends TelemetryEventType, Fields extends EventKeyFields>(type: Type, fields: Fields) =>
  <Row extends RowOf<Fields>>(parts: {
    toRow(event: EventOf<Type>, workspaceId: string): NoExtra<Row, RowOf<Fields>>;
    apply: EventDescriptor<Type, Fields>["apply"];
    waitingReason: EventDescriptor<Type, Fields>["waitingReason"];
  }): EventDescriptor<Type, Fields> => ({ type, fields, ...parts });

/**
 * An applier of one statement: `statement` given the rows as record set `e` (see recordSet).
 * No rows, no statement.
 */
export const applyStatement =
  <Fields extends readonly Field[]>(fields: Fields, statement: (events: SQL) => SQL) =>
  (tx: Transaction, rows: RowOf<Fields>[]): Promise<ApplyOutcome> =>
    rows.length === 0 ? nothingApplied() : executeApply(tx, statement(recordSet(rows, fields)));
