import { pgSchema } from "drizzle-orm/pg-core";

/** Every Steward table and enum lives here, so Steward installs beside a user's own tables. */
export const agentSchema = pgSchema("agent");
