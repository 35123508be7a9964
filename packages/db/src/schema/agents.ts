import { relations, sql } from "drizzle-orm";
import { check, index, jsonb, smallint, text, unique, uuid } from "drizzle-orm/pg-core";
import { agentInstances } from "./agent-instances";
import { agentSchema } from "./agent-schema";
import { agentTraits } from "./agent-traits";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
} from "./columns";
import { workspaceReference } from "./identity";
import { agentInvocations } from "./invocations";
import { taskAssignments } from "./tasks";

export const agentCapabilityValues = ["none", "search", "fetch"] as const;
export type AgentCapability = (typeof agentCapabilityValues)[number];

export const agentStatusValues = ["active", "inactive", "archived"] as const;
export type AgentStatus = (typeof agentStatusValues)[number];

/** An agent's definition: who it is and how it is configured (seed 000 agents + seed 003 profiles). */
export const agents = agentSchema.table(
  "agents",
  {
    ...tenantColumns,
    name: text("name").notNull(),
    /** How the CLI and API refer to the agent; unique within a workspace. */
    slug: text("slug").notNull(),
    /** A free-text role such as backend-engineer. */
    type: text("type").notNull(),
    /** implementation, planning, review, … */
    mode: text("mode").notNull(),
    description: text("description"),
    capability: text("capability").$type<AgentCapability>().notNull().default("none"),
    /** Null means the calling user's default model from their settings (seed 000). */
    model: text("model"),
    capabilities: jsonb("capabilities").$type<unknown>(),
    constraints: jsonb("constraints").$type<unknown>(),
    tools: jsonb("tools").$type<unknown>(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    status: text("status").$type<AgentStatus>().notNull().default("active"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("agents_workspace_fk", t.workspaceId),
    unique("agents_workspace_slug_unique").on(t.workspaceId, t.slug),
    index("agents_type_status_idx").on(t.workspaceId, t.type, t.status),
    checkOneOf("agents_capability_check", "capability", agentCapabilityValues),
    checkOneOf("agents_status_check", "status", agentStatusValues),
  ],
);

/** The skills an agent has, one row each (seed 003). */
export const agentCapabilities = agentSchema.table(
  "agent_capabilities",
  {
    ...tenantColumns,
    agentId: uuid("agent_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    /** 1 (novice) to 5 (expert), when known. */
    proficiency: smallint("proficiency"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("agent_capabilities_agent_fk", t.workspaceId, t.agentId, agents, "cascade"),
    unique("agent_capabilities_agent_name_unique").on(t.workspaceId, t.agentId, t.name),
    check("agent_capabilities_proficiency_check", sql`"proficiency" between 1 and 5`),
  ],
);

export const agentsRelations = relations(agents, ({ many }) => ({
  traits: many(agentTraits),
  capabilityList: many(agentCapabilities),
  instances: many(agentInstances),
  assignments: many(taskAssignments),
  invocations: many(agentInvocations),
}));

export const agentCapabilitiesRelations = relations(agentCapabilities, ({ one }) => ({
  agent: one(agents, {
    fields: [agentCapabilities.workspaceId, agentCapabilities.agentId],
    references: [agents.workspaceId, agents.id],
  }),
}));
