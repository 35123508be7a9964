import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { AgentTraits, EffectiveModel } from "../components/agent-cells";
import { AgentName } from "../components/agent-name";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { TimeAgo } from "../components/time-ago";
import type { Agent } from "../lib/api-types";
import { formatCount } from "../lib/format";
import { useTRPC } from "../trpc";

const statusFilters = ["all", "active", "inactive", "archived"] as const satisfies readonly (
  | Agent["status"]
  | "all"
)[];

/** Agent definitions (what an agent is) and the instances running them (what they are doing). */
export function AgentsPage() {
  return (
    <section>
      <h1>Agents</h1>
      <Definitions />
      <Instances />
    </section>
  );
}

function Definitions() {
  const trpc = useTRPC();
  const filterId = useId();
  const [status, setStatus] = useState<(typeof statusFilters)[number]>("all");
  const agents = useInfiniteQuery(
    trpc.agents.list.infiniteQueryOptions(
      { limit: 50, ...(status !== "all" && { status }) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const rows = agents.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h2>Definitions</h2>
      <div className="filters">
        <label htmlFor={filterId}>
          Status
          <select
            id={filterId}
            value={status}
            onChange={(change) => setStatus(change.target.value as typeof status)}
          >
            {statusFilters.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </div>
      {agents.isPending ? (
        <p className="loading">Loading agents…</p>
      ) : !agents.data ? (
        <ErrorNote error={agents.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={status === "all" ? "No agents yet" : `No ${status} agents`}>
          <p>
            Define an agent with <code>agents.create</code> (its type, mode, capability and model),
            or let the worker record one from telemetry; it is listed here with its traits and the
            model its calls use.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="named-rows">
              <caption className="visually-hidden">Agent definitions</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Capability</th>
                  <th scope="col">Status</th>
                  <th scope="col">Effective model</th>
                  <th scope="col">Traits</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((agent) => (
                  <tr key={agent.id}>
                    <th scope="row" title={agent.description ?? undefined}>
                      {agent.name} <span className="muted">{agent.slug}</span>
                    </th>
                    <td>{agent.type}</td>
                    <td>{agent.mode}</td>
                    <td>{agent.capability}</td>
                    <td>
                      <span className={`badge status-${agent.status}`}>{agent.status}</span>
                    </td>
                    <td>
                      <EffectiveModel agentId={agent.id} />
                    </td>
                    <td className="wrap">
                      <AgentTraits agentId={agent.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {agents.error ? <ErrorNote error={agents.error} /> : null}
          <LoadMore {...agents} what="agents" />
        </>
      )}
    </>
  );
}

function Instances() {
  const trpc = useTRPC();
  const instances = useInfiniteQuery(
    trpc.agentInstances.list.infiniteQueryOptions(
      { limit: 50 },
      // The live feed carries runs, approvals and ingestion, not heartbeats: poll for those.
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: 15_000 },
    ),
  );
  const rows = instances.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h2>Instances</h2>
      {instances.isPending ? (
        <p className="loading">Loading instances…</p>
      ) : !instances.data ? (
        <ErrorNote error={instances.error} />
      ) : rows.length === 0 ? (
        <EmptyState title="No agent instances">
          <p>
            An orchestrator spawns instances with <code>agentInstances.spawn</code> and reports
            heartbeats and task outcomes; each appears here with its status and counters.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="named-rows">
              <caption className="visually-hidden">Agent instances, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Current task</th>
                  <th scope="col" className="num">
                    Tokens used
                  </th>
                  <th scope="col" className="num">
                    Tasks done
                  </th>
                  <th scope="col" className="num">
                    Tasks failed
                  </th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Spawned</th>
                  <th scope="col">Ended</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((instance) => (
                  <tr key={instance.id} className={instance.terminatedAt ? "ended" : undefined}>
                    <th scope="row">
                      <code title={instance.id}>{instance.id.slice(0, 8)}</code>
                      {instance.branchName ? (
                        <span className="muted"> {instance.branchName}</span>
                      ) : null}
                    </th>
                    <td>
                      <AgentName id={instance.agentId} />
                    </td>
                    <td>{instance.type}</td>
                    <td>
                      <span className={`badge status-${instance.status}`}>{instance.status}</span>
                    </td>
                    <td>
                      {instance.currentTaskId ? (
                        <code title={instance.currentTaskId}>
                          {instance.currentTaskId.slice(0, 8)}
                        </code>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num">{formatCount(instance.tokensUsed)}</td>
                    <td className="num">{formatCount(instance.tasksCompleted)}</td>
                    <td className="num">{formatCount(instance.tasksFailed)}</td>
                    <td>
                      <TimeAgo iso={instance.lastActivityAt} />
                    </td>
                    <td>
                      <TimeAgo iso={instance.spawnedAt} />
                    </td>
                    <td className="clip" title={instance.terminationReason ?? undefined}>
                      {instance.terminatedAt ? (
                        <>
                          <TimeAgo iso={instance.terminatedAt} />
                          {instance.terminationReason ? (
                            <span className="muted"> · {instance.terminationReason}</span>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">running</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {instances.error ? <ErrorNote error={instances.error} /> : null}
          <LoadMore {...instances} what="instances" />
        </>
      )}
    </>
  );
}
