import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useSearchParams } from "wouter";
import { EmptyState } from "../components/empty-state";
import { ErrorNote } from "../components/error-note";
import { LoadMore } from "../components/load-more";
import { TaskBoard } from "../components/task-board";
import { TaskDetail } from "../components/task-detail";
import type { Feature } from "../lib/api-types";
import { useTRPC } from "../trpc";

/**
 * A project's plan: its features, and its tasks as a board by delegation status. The project,
 * feature filter and selected task live in the address, so a view can be shared or reloaded.
 */
export function ProjectsPage() {
  const trpc = useTRPC();
  const pickerId = useId();
  const [params, setParams] = useSearchParams();
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 100 }));

  if (projects.isPending) return <p className="loading">Loading projects…</p>;
  if (!projects.data) return <ErrorNote error={projects.error} />;
  const list = projects.data.items;
  if (list.length === 0) {
    return (
      <section>
        <h1>Projects</h1>
        <EmptyState title="No projects yet">
          <p>
            Create one with <code>projects.create</code>, then plan it with features and tasks; its
            tasks appear here as a board, one column per delegation status.
          </p>
        </EmptyState>
      </section>
    );
  }
  const projectId = params.get("project") ?? list[0]?.id ?? null;
  const project = list.find((candidate) => candidate.id === projectId);
  const choose = (next: Record<string, string | null>) =>
    setParams((current) => {
      const merged = new URLSearchParams(current);
      for (const [key, value] of Object.entries(next)) {
        if (value === null) merged.delete(key);
        else merged.set(key, value);
      }
      return merged;
    });

  return (
    <section>
      <h1>Projects</h1>
      <div className="filters">
        <label htmlFor={pickerId}>
          Project
          <select
            id={pickerId}
            value={projectId ?? ""}
            onChange={(change) =>
              choose({ project: change.target.value, feature: null, task: null })
            }
          >
            {project ? null : <option value={projectId ?? ""}>(not among the newest 100)</option>}
            {list.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} · {candidate.status}
              </option>
            ))}
          </select>
        </label>
      </div>
      {project?.description ? <p className="prose muted">{project.description}</p> : null}
      {projectId ? (
        <ProjectPlan
          key={projectId}
          projectId={projectId}
          featureId={params.get("feature")}
          taskId={params.get("task")}
          choose={choose}
        />
      ) : null}
    </section>
  );
}

function ProjectPlan({
  projectId,
  featureId,
  taskId,
  choose,
}: {
  projectId: string;
  featureId: string | null;
  taskId: string | null;
  choose: (next: Record<string, string | null>) => void;
}) {
  const trpc = useTRPC();
  const filterId = useId();
  const features = useQuery(trpc.features.list.queryOptions({ projectId, limit: 100 }));
  const tasks = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(
      { projectId, limit: 100 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const featureMap = new Map<string, Feature>(
    (features.data?.items ?? []).map((feature) => [feature.id, feature]),
  );
  const allTasks = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const shown =
    featureId === null
      ? allTasks
      : featureId === "none"
        ? allTasks.filter((task) => task.featureId === null)
        : allTasks.filter((task) => task.featureId === featureId);

  return (
    <>
      <h2>Features</h2>
      {features.isPending ? (
        <p className="loading">Loading features…</p>
      ) : !features.data ? (
        <ErrorNote error={features.error} />
      ) : features.data.items.length === 0 ? (
        <p className="muted">
          No features yet: add them with <code>features.create</code> to group the tasks.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="named-rows">
            <caption className="visually-hidden">Features of the project</caption>
            <thead>
              <tr>
                <th scope="col">Feature</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Tasks done
                </th>
              </tr>
            </thead>
            <tbody>
              {features.data.items.map((feature) => (
                <tr key={feature.id}>
                  <th scope="row" title={feature.description ?? undefined}>
                    {feature.name}
                  </th>
                  <td>{feature.priority}</td>
                  <td>
                    <span className={`badge status-${feature.status}`}>{feature.status}</span>
                  </td>
                  <td className="num">
                    {feature.completedTasks} of {feature.estimatedTasks}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Tasks</h2>
      <div className="filters">
        <label htmlFor={filterId}>
          Feature
          <select
            id={filterId}
            value={featureId ?? ""}
            onChange={(change) => choose({ feature: change.target.value || null })}
          >
            <option value="">All features</option>
            <option value="none">No feature</option>
            {[...featureMap.values()].map((feature) => (
              <option key={feature.id} value={feature.id}>
                {feature.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {tasks.isPending ? (
        <p className="loading">Loading tasks…</p>
      ) : !tasks.data ? (
        <ErrorNote error={tasks.error} />
      ) : allTasks.length === 0 ? (
        <EmptyState title="No tasks in this project">
          <p>
            Add tasks with <code>tasks.create</code> and delegate them with{" "}
            <code>tasks.assign</code>; they move across the board as agents start, block and
            complete them.
          </p>
        </EmptyState>
      ) : (
        <div className={taskId ? "plan with-detail" : "plan"}>
          <div>
            {shown.length === 0 ? (
              <p className="muted">No loaded task belongs to this feature.</p>
            ) : (
              <TaskBoard
                tasks={shown}
                features={featureMap}
                selectedId={taskId}
                onSelect={(id) => choose({ task: id })}
              />
            )}
            {tasks.error ? <ErrorNote error={tasks.error} /> : null}
            <LoadMore {...tasks} what="tasks" />
          </div>
          {taskId ? (
            <aside aria-label="Selected task">
              <button type="button" onClick={() => choose({ task: null })}>
                Close
              </button>
              <TaskDetail key={taskId} taskId={taskId} onSelect={(id) => choose({ task: id })} />
            </aside>
          ) : null}
        </div>
      )}
    </>
  );
}
