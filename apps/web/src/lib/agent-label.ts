/** What names an invocation's agent: a name, a Steward agent type, or both. */
export type AgentIdentity = { agentName: string | null; agentType: string | null };

/**
 * How an invocation's agent is named on screen. An agent of another framework (recorded over
 * OTLP) has a name and none of Steward's types, and it is shown by its name alone: no type is
 * made up for it. An agent with both shows its name, then its type.
 */
export function agentLabel({ agentName, agentType }: AgentIdentity): string {
  if (agentName && agentType && agentName !== agentType) return `${agentName} · ${agentType}`;
  return agentName ?? agentType ?? "unnamed agent";
}
