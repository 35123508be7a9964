import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/** An agent named by its id, shown by its name once known; the query is shared per id. */
export function AgentName({ id }: { id: string | null }) {
  const trpc = useTRPC();
  const agent = useQuery(
    trpc.agents.get.queryOptions(id ? { id } : skipToken, { staleTime: 5 * 60_000 }),
  );
  if (id === null) return <span className="muted">—</span>;
  if (agent.data) return <span title={`${agent.data.slug} · ${id}`}>{agent.data.name}</span>;
  return <code title={id}>{id.slice(0, 8)}</code>;
}
