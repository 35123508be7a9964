import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

const sourceLabels = {
  agent: "set on the agent",
  user: "your default model",
  none: "no model set",
} as const;

/** The model a call by this agent would use: its own, else the signed-in user's default. */
export function EffectiveModel({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const model = useQuery(trpc.agents.effectiveModel.queryOptions({ id: agentId }));
  if (model.isPending) return <span className="muted">…</span>;
  if (!model.data)
    return (
      <span className="muted" title={model.error?.message}>
        unavailable
      </span>
    );
  return (
    <span title={sourceLabels[model.data.source]}>
      {model.data.model ?? <span className="muted">none</span>}
      {model.data.source === "user" ? <span className="muted"> (user default)</span> : null}
    </span>
  );
}

/** The traits assigned to an agent, by name, with each trait's description on hover. */
export function AgentTraits({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const traits = useQuery(trpc.agents.traits.queryOptions({ agentId }));
  if (traits.isPending) return <span className="muted">…</span>;
  if (!traits.data)
    return (
      <span className="muted" title={traits.error?.message}>
        unavailable
      </span>
    );
  if (traits.data.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {traits.data.map(({ trait }) => (
        <span key={trait.id} className="chip" title={trait.description ?? undefined}>
          {trait.name}
        </span>
      ))}
    </span>
  );
}
