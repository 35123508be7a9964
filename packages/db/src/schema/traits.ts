import { relations } from "drizzle-orm";
import { text, unique } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { agentTraits } from "./agent-traits";
import { tenantColumns, tenantPrimaryKey, timestamps } from "./columns";
import { workspaceReference } from "./identity";

export const traits = agentSchema.table(
  "traits",
  {
    ...tenantColumns,
    name: text("name").notNull(),
    description: text("description"),
    /** Text added to an agent's instructions when the trait is assigned. */
    prompt: text("prompt"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("traits_workspace_fk", t.workspaceId),
    unique("traits_workspace_name_unique").on(t.workspaceId, t.name),
  ],
);

export const traitsRelations = relations(traits, ({ many }) => ({
  agents: many(agentTraits),
}));
