import {
  agentCapabilities,
  agentCapabilityValues,
  agentInstances,
  agentInstanceTypeValues,
  agentStatusValues,
  agents,
  agentTraits,
  traits,
} from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { publicRow, tenantKey, timestamps } from "./public-row";

export const agentRow = publicRow(agents, {
  ...tenantKey,
  name: true,
  slug: true,
  type: true,
  mode: true,
  description: true,
  capability: z.enum(agentCapabilityValues),
  model: true,
  capabilities: true,
  constraints: true,
  tools: true,
  metadata: jsonObject,
  status: z.enum(agentStatusValues),
  ...timestamps,
}).meta({ id: "Agent" });

export const traitRow = publicRow(traits, {
  ...tenantKey,
  name: true,
  description: true,
  prompt: true,
  ...timestamps,
}).meta({ id: "Trait" });

export const traitAssignmentRow = publicRow(agentTraits, {
  workspaceId: true,
  agentId: true,
  traitId: true,
  assignedAt: true,
}).meta({ id: "TraitAssignment" });

/** An agent's trait with the time it was assigned, as `agents.traits` lists them. */
export const assignedTrait = z.object({ trait: traitRow, assignedAt: z.date() });

export const agentCapabilityRow = publicRow(agentCapabilities, {
  ...tenantKey,
  agentId: true,
  name: true,
  description: true,
  proficiency: true,
  metadata: jsonObject,
  ...timestamps,
}).meta({ id: "AgentCapability" });

/** Where an agent's model comes from: its own, the calling user's default, or none. */
export const effectiveModel = z.object({
  model: z.string().nullable(),
  source: z.enum(["agent", "user", "none"]),
});

export const agentInstanceRow = publicRow(agentInstances, {
  ...tenantKey,
  agentId: true,
  type: z.enum(agentInstanceTypeValues),
  status: true,
  currentTaskId: true,
  worktreePath: true,
  branchName: true,
  tokensUsed: true,
  tasksCompleted: true,
  tasksFailed: true,
  spawnedAt: true,
  lastActivityAt: true,
  terminatedAt: true,
  terminationReason: true,
  ...timestamps,
}).meta({ id: "AgentInstance" });
