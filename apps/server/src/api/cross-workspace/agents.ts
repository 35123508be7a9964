import type { CrossWorkspaceCases } from "./case";

export const agentCases: CrossWorkspaceCases = {
  "agents.create": {
    exempt: "creates in the caller's workspace and names no other row",
    input: () => ({ name: "Mine", slug: "mine", type: "coder", mode: "implementation" }),
  },
  "agents.update": { notFound: (b) => ({ id: b.agent, name: "stolen" }) },
  "agents.archive": { notFound: (b) => ({ id: b.agent }) },
  "agents.get": { notFound: (b) => ({ id: b.agent }) },
  "agents.list": { ownRowsOnly: () => ({}) },
  "agents.assignTrait": { notFound: (b) => ({ agentId: b.agent, traitId: b.trait }) },
  "agents.removeTrait": { notFound: (b) => ({ agentId: b.agent, traitId: b.trait }) },
  "agents.traits": { notFound: (b) => ({ agentId: b.agent }) },
  "agents.setCapability": { notFound: (b) => ({ agentId: b.agent, name: "sql" }) },
  "agents.removeCapability": { notFound: (b) => ({ agentId: b.agent, name: "sql" }) },
  "agents.capabilities": { notFound: (b) => ({ agentId: b.agent }) },
  "agents.effectiveModel": { notFound: (b) => ({ id: b.agent }) },
  "traits.create": {
    exempt: "creates in the caller's workspace and names no other row",
    input: () => ({ name: "mine" }),
  },
  "traits.update": { notFound: (b) => ({ id: b.trait, name: "stolen" }) },
  "traits.delete": { notFound: (b) => ({ id: b.trait }) },
  "traits.get": { notFound: (b) => ({ id: b.trait }) },
  "traits.list": { ownRowsOnly: () => ({}) },
};
