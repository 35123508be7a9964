import { randomUUID } from "node:crypto";
import { agentSchema, agentSteps, type Database } from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import { sql } from "drizzle-orm";

/** Step text that makes the database refuse the step with the given SQLSTATE. */
export const refusedStepText = (sqlState: string) => `refuse:${sqlState}`;

/**
 * Makes the database refuse, at insert, any step whose text is `refuse:<SQLSTATE>`, raising
 * that SQLSTATE: how tests and benchmarks stand in for a value Postgres cannot store, a limit
 * it hits, or an outage, without changing the events' contract.
 */
export async function refuseMarkedSteps(db: Database) {
  const refuse = sql`${sql.identifier(agentSchema.schemaName)}.refuse_marked_step`;
  await db.execute(sql`
    create function ${refuse}() returns trigger language plpgsql as $$
    begin
      if new.text like 'refuse:%' then
        raise exception 'this step cannot be stored (%)', substr(new.text, 8)
          using errcode = substr(new.text, 8);
      end if;
      return new;
    end $$`);
  await db.execute(sql`
    create trigger refuse_marked_step before insert on ${agentSteps}
    for each row execute function ${refuse}()`);
}

/** A step of `invocationId` with `text`, for a test that makes the database refuse it. */
export const stepWithText = (invocationId: string, text: string): TelemetryEventInput => ({
  type: "step.finished",
  eventId: randomUUID(),
  stepId: randomUUID(),
  invocationId,
  stepNumber: 7,
  text,
  finishedAt: new Date().toISOString(),
});
