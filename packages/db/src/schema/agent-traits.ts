import { relations } from "drizzle-orm";
import { primaryKey, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { agents } from "./agents";
import { tenantColumns, tenantReference, timestamptz } from "./columns";
import { traits } from "./traits";

/** Which traits an agent has (seed 000). Deleting either side removes the assignment. */
export const agentTraits = agentSchema.table(
  "agent_traits",
  {
    workspaceId: tenantColumns.workspaceId,
    agentId: uuid("agent_id").notNull(),
    traitId: uuid("trait_id").notNull(),
    assignedAt: timestamptz("assigned_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.agentId, t.traitId] }),
    tenantReference("agent_traits_agent_fk", t.workspaceId, t.agentId, agents, "cascade"),
    tenantReference("agent_traits_trait_fk", t.workspaceId, t.traitId, traits, "cascade"),
  ],
);

export type AgentTrait = typeof agentTraits.$inferSelect;
export type NewAgentTrait = typeof agentTraits.$inferInsert;

export const agentTraitsRelations = relations(agentTraits, ({ one }) => ({
  agent: one(agents, {
    fields: [agentTraits.workspaceId, agentTraits.agentId],
    references: [agents.workspaceId, agents.id],
  }),
  trait: one(traits, {
    fields: [agentTraits.workspaceId, agentTraits.traitId],
    references: [traits.workspaceId, traits.id],
  }),
}));
