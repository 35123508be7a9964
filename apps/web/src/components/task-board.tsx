import type { Feature, Task } from "../lib/api-types";
import { groupIntoColumns } from "../lib/board";
import { AgentName } from "./agent-name";

/** One column per delegation status, in the order work moves; every status must have a label. */
const columnLabels = {
  unassigned: "Unassigned",
  assigned: "Assigned",
  in_progress: "In progress",
  blocked: "Blocked",
  completed: "Completed",
} satisfies Record<Task["delegationStatus"], string>;

const columnOrder = Object.keys(columnLabels);

/** A project's tasks as a board; choosing a card selects the task. */
export function TaskBoard({
  tasks,
  features,
  selectedId,
  onSelect,
}: {
  tasks: readonly Task[];
  features: ReadonlyMap<string, Feature>;
  selectedId: string | null;
  onSelect: (taskId: string) => void;
}) {
  return (
    <div className="board">
      {groupIntoColumns(tasks, columnOrder).map((column) => {
        const headingId = `board-column-${column.status}`;
        return (
          <section key={column.status} className="board-column" aria-labelledby={headingId}>
            <h3 id={headingId}>
              {columnLabels[column.status as Task["delegationStatus"]] ?? column.status}{" "}
              <span className="muted">{column.tasks.length}</span>
            </h3>
            {column.tasks.length === 0 ? (
              <p className="muted board-none">No tasks</p>
            ) : (
              <ul>
                {column.tasks.map((task) => (
                  <li key={task.id}>
                    <button
                      type="button"
                      className="task-card"
                      aria-pressed={task.id === selectedId}
                      onClick={() => onSelect(task.id)}
                    >
                      <span className="task-name">{task.name}</span>
                      <span className="task-facts">
                        <span className={`badge status-${task.status}`}>{task.status}</span>
                        {task.featureId ? (
                          <span className="muted">
                            {features.get(task.featureId)?.name ?? "feature"}
                          </span>
                        ) : null}
                        {task.assigneeType === "agent" && task.assigneeId ? (
                          <AgentName id={task.assigneeId} />
                        ) : null}
                      </span>
                      {task.delegationStatus === "blocked" && task.blockedBy ? (
                        <span className="task-blocked">{task.blockedBy}</span>
                      ) : null}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
