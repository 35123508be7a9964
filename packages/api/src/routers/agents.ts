import {
  agentCapabilityValues,
  agentStatusValues,
  assignTrait,
  createAgent,
  getAgent,
  getAgentBySlug,
  getTrait,
  listAgentCapabilities,
  listAgents,
  listAgentTraits,
  removeAgentCapability,
  removeTrait,
  resolveEffectiveModel,
  setAgentCapability,
  updateAgent,
} from "@steward/db";
import { z } from "zod";
import {
  agentCapabilityRow,
  agentRow,
  assignedTrait,
  effectiveModel,
  traitAssignmentRow,
} from "../contracts/agents";
import { pageOf, removal } from "../contracts/page";
import { found } from "../errors";
import { id, json, jsonObject, longText, name, slug, text, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const role = text().trim().min(1).max(100);

const agentFields = {
  name,
  slug,
  type: role,
  mode: role,
  description: longText.nullish(),
  capability: z.enum(agentCapabilityValues).optional(),
  /** Null: use the calling user's default model. */
  model: text().trim().min(1).max(200).nullish(),
  capabilities: json.optional(),
  constraints: json.optional(),
  tools: json.optional(),
  metadata: jsonObject.nullish(),
};

const agentRef = z.object({ agentId: id });

export const agentsRouter = router({
  create: writeProcedure
    .output(agentRow)
    .input(z.object({ ...agentFields, status: z.enum(agentStatusValues).optional() }))
    .mutation(async ({ ctx, input }) =>
      found(await createAgent(ctx.db, { ...input, workspaceId: ctx.workspaceId }), "Agent"),
    ),

  update: writeProcedure
    .output(agentRow)
    .input(
      updateInput({
        ...z.object(agentFields).partial().shape,
        status: z.enum(agentStatusValues).optional(),
      }),
    )
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateAgent(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Agent",
        "id",
      ),
    ),

  /** Agents are archived, not deleted: their assignments and runs keep naming them. */
  archive: writeProcedure
    .output(agentRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await updateAgent(ctx.db, {
          workspaceId: ctx.workspaceId,
          id: input.id,
          changes: { status: "archived" },
        }),
        "Agent",
        "id",
      ),
    ),

  get: readProcedure
    .output(agentRow)
    .input(z.union([z.object({ id }), z.object({ slug })]))
    .query(async ({ ctx, input }) =>
      "id" in input
        ? found(
            await getAgent(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
            "Agent",
            "id",
          )
        : found(
            await getAgentBySlug(ctx.db, { workspaceId: ctx.workspaceId, slug: input.slug }),
            "Agent",
            "slug",
          ),
    ),

  list: readProcedure
    .output(pageOf(agentRow))
    .input(
      z.object({
        status: z.enum(agentStatusValues).optional(),
        type: role.optional(),
        mode: role.optional(),
        capability: z.enum(agentCapabilityValues).optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) =>
      toPage(
        await listAgents(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),

  assignTrait: writeProcedure
    .output(traitAssignmentRow)
    .input(z.object({ agentId: id, traitId: id }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getAgent(ctx.db, { ...scope, id: input.agentId }), "Agent", "agentId");
      found(await getTrait(ctx.db, { ...scope, id: input.traitId }), "Trait", "traitId");
      return found(await assignTrait(ctx.db, { ...scope, ...input }), "Assignment");
    }),

  removeTrait: writeProcedure
    .output(removal)
    .input(z.object({ agentId: id, traitId: id }))
    .mutation(async ({ ctx, input }) => {
      const removed = await removeTrait(ctx.db, { workspaceId: ctx.workspaceId, ...input });
      found(removed || undefined, "Trait assignment", "traitId");
      return { removed };
    }),

  traits: readProcedure
    .output(z.array(assignedTrait))
    .input(agentRef)
    .query(async ({ ctx, input }) => {
      found(
        await getAgent(ctx.db, { workspaceId: ctx.workspaceId, id: input.agentId }),
        "Agent",
        "agentId",
      );
      return listAgentTraits(ctx.db, { workspaceId: ctx.workspaceId, agentId: input.agentId });
    }),

  setCapability: writeProcedure
    .output(agentCapabilityRow)
    .input(
      z.object({
        agentId: id,
        name,
        description: longText.nullish(),
        proficiency: z.number().int().min(1).max(5).nullish(),
        metadata: jsonObject.nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getAgent(ctx.db, { ...scope, id: input.agentId }), "Agent", "agentId");
      return found(await setAgentCapability(ctx.db, { ...scope, ...input }), "Capability");
    }),

  removeCapability: writeProcedure
    .output(removal)
    .input(z.object({ agentId: id, name }))
    .mutation(async ({ ctx, input }) => {
      const removed = await removeAgentCapability(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      found(removed || undefined, "Capability", "name");
      return { removed };
    }),

  capabilities: readProcedure
    .output(z.array(agentCapabilityRow))
    .input(agentRef)
    .query(async ({ ctx, input }) => {
      found(
        await getAgent(ctx.db, { workspaceId: ctx.workspaceId, id: input.agentId }),
        "Agent",
        "agentId",
      );
      return listAgentCapabilities(ctx.db, {
        workspaceId: ctx.workspaceId,
        agentId: input.agentId,
      });
    }),

  /** Seed 000: the agent's model, else the calling user's default, and where it came from. */
  effectiveModel: readProcedure
    .output(effectiveModel)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const agent = found(
        await getAgent(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Agent",
        "id",
      );
      return resolveEffectiveModel(ctx.db, { agent, userId: ctx.auth.userId });
    }),
});
