import { and, eq, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import {
  type AgentCapability,
  type AgentStatus,
  agentCapabilities,
  agents,
  agentTraits,
  traits,
  userSettings,
} from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type AgentRef = Scope & { id: string };

export type NewAgent = Omit<typeof agents.$inferInsert, "id" | "createdAt" | "updatedAt">;
export type AgentChanges = Partial<Omit<NewAgent, "workspaceId">>;

export async function createAgent(db: Database, input: NewAgent) {
  const [agent] = await db.insert(agents).values(input).returning();
  return agent;
}

export async function updateAgent(
  db: Database,
  { workspaceId, id, changes }: AgentRef & { changes: AgentChanges },
) {
  const [agent] = await db
    .update(agents)
    .set(changes)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, id)))
    .returning();
  return agent;
}

export async function getAgent(db: Database, { workspaceId, id }: AgentRef) {
  const [agent] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, id)));
  return agent;
}

export async function getAgentBySlug(
  db: Database,
  { workspaceId, slug }: Scope & { slug: string },
) {
  const [agent] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.slug, slug)));
  return agent;
}

export type AgentFilters = {
  status?: AgentStatus | undefined;
  type?: string | undefined;
  mode?: string | undefined;
  capability?: AgentCapability | undefined;
};

export function listAgents(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: AgentFilters; page: PageParams },
) {
  const keyset = newestFirst(agents.createdAt, agents.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(agents.workspaceId, workspaceId),
    filters.status ? eq(agents.status, filters.status) : undefined,
    filters.type ? eq(agents.type, filters.type) : undefined,
    filters.mode ? eq(agents.mode, filters.mode) : undefined,
    filters.capability ? eq(agents.capability, filters.capability) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(agents)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** Idempotent: assigning a trait the agent already has keeps the first assignment time. */
export async function assignTrait(
  db: Database,
  input: Scope & { agentId: string; traitId: string },
) {
  await db.insert(agentTraits).values(input).onConflictDoNothing();
  const [assignment] = await db
    .select()
    .from(agentTraits)
    .where(
      and(
        eq(agentTraits.workspaceId, input.workspaceId),
        eq(agentTraits.agentId, input.agentId),
        eq(agentTraits.traitId, input.traitId),
      ),
    );
  return assignment;
}

export async function removeTrait(
  db: Database,
  input: Scope & { agentId: string; traitId: string },
) {
  const removed = await db
    .delete(agentTraits)
    .where(
      and(
        eq(agentTraits.workspaceId, input.workspaceId),
        eq(agentTraits.agentId, input.agentId),
        eq(agentTraits.traitId, input.traitId),
      ),
    )
    .returning();
  return removed.length > 0;
}

export function listAgentTraits(
  db: Database,
  { workspaceId, agentId }: Scope & { agentId: string },
) {
  return db
    .select({ trait: traits, assignedAt: agentTraits.assignedAt })
    .from(agentTraits)
    .innerJoin(
      traits,
      and(eq(traits.workspaceId, agentTraits.workspaceId), eq(traits.id, agentTraits.traitId)),
    )
    .where(and(eq(agentTraits.workspaceId, workspaceId), eq(agentTraits.agentId, agentId)))
    .orderBy(agentTraits.assignedAt);
}

export type CapabilityInput = {
  name: string;
  description?: string | null;
  proficiency?: number | null;
  metadata?: Record<string, unknown> | null;
};

/** Sets one capability of an agent by name: adds it, or replaces what it says. */
export async function setAgentCapability(
  db: Database,
  input: Scope & { agentId: string } & CapabilityInput,
) {
  const [capability] = await db
    .insert(agentCapabilities)
    .values(input)
    .onConflictDoUpdate({
      target: [agentCapabilities.workspaceId, agentCapabilities.agentId, agentCapabilities.name],
      set: {
        description: input.description ?? null,
        proficiency: input.proficiency ?? null,
        metadata: input.metadata ?? null,
      },
    })
    .returning();
  return capability;
}

export async function removeAgentCapability(
  db: Database,
  input: Scope & { agentId: string; name: string },
) {
  const removed = await db
    .delete(agentCapabilities)
    .where(
      and(
        eq(agentCapabilities.workspaceId, input.workspaceId),
        eq(agentCapabilities.agentId, input.agentId),
        eq(agentCapabilities.name, input.name),
      ),
    )
    .returning();
  return removed.length > 0;
}

export function listAgentCapabilities(
  db: Database,
  { workspaceId, agentId }: Scope & { agentId: string },
) {
  return db
    .select()
    .from(agentCapabilities)
    .where(
      and(eq(agentCapabilities.workspaceId, workspaceId), eq(agentCapabilities.agentId, agentId)),
    )
    .orderBy(agentCapabilities.name);
}

export type EffectiveModel = { model: string | null; source: "agent" | "user" | "none" };

/** Seed 000: the agent's own model, else the calling user's default from their settings. */
export async function resolveEffectiveModel(
  db: Database,
  {
    agent,
    userId,
  }: { agent: { workspaceId: string; model: string | null }; userId: string | null },
): Promise<EffectiveModel> {
  if (agent.model) return { model: agent.model, source: "agent" };
  if (userId) {
    const [settings] = await db
      .select({ defaultModel: userSettings.defaultModel })
      .from(userSettings)
      .where(and(eq(userSettings.workspaceId, agent.workspaceId), eq(userSettings.userId, userId)));
    if (settings?.defaultModel) return { model: settings.defaultModel, source: "user" };
  }
  return { model: null, source: "none" };
}
