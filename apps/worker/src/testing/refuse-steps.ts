import type { Database } from "@steward/db";
import { sql } from "drizzle-orm";

/** Step text that makes the database refuse the step with the given SQLSTATE. */
export const refusedStepText = (sqlState: string) => `refuse:${sqlState}`;

/**
 * Makes the database refuse, at insert, any step whose text is `refuse:<SQLSTATE>`, raising
 * that SQLSTATE: how tests and benchmarks stand in for a value Postgres cannot store, a limit
 * it hits, or an outage, without changing the events' contract.
 */
export async function refuseMarkedSteps(db: Database) {
  await db.execute(sql`
    create function agent.refuse_marked_step() returns trigger language plpgsql as $$
    begin
      if new.text like 'refuse:%' then
        raise exception 'this step cannot be stored (%)', substr(new.text, 8)
          using errcode = substr(new.text, 8);
      end if;
      return new;
    end $$`);
  await db.execute(sql`
    create trigger refuse_marked_step before insert on agent.agent_steps
    for each row execute function agent.refuse_marked_step()`);
}
