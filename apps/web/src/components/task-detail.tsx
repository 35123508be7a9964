import { useQuery } from "@tanstack/react-query";
import type { Task } from "../lib/api-types";
import { formatTime } from "../lib/format";
import { useTRPC } from "../trpc";
import { AgentName } from "./agent-name";
import { ErrorNote } from "./error-note";
import { TimeAgo } from "./time-ago";
import { UserName } from "./user-name";

/** A task's facts, the tasks it waits on and that wait on it, and who it was delegated to when. */
export function TaskDetail({
  taskId,
  onSelect,
}: {
  taskId: string;
  onSelect: (taskId: string) => void;
}) {
  const trpc = useTRPC();
  const task = useQuery(trpc.tasks.get.queryOptions({ id: taskId }));
  if (task.isPending) return <p className="loading">Loading task…</p>;
  if (!task.data) return <ErrorNote error={task.error} />;
  const t = task.data;
  return (
    <article className="task-detail" aria-labelledby="task-detail-name">
      <h2 id="task-detail-name">{t.name}</h2>
      {t.description ? <p className="prose">{t.description}</p> : null}
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`badge status-${t.status}`}>{t.status}</span>
        </dd>
        <dt>Delegation</dt>
        <dd>{t.delegationStatus.replace("_", " ")}</dd>
        <dt>Assignee</dt>
        <dd>
          {t.assigneeId === null ? (
            <span className="muted">nobody</span>
          ) : t.assigneeType === "agent" ? (
            <AgentName id={t.assigneeId} />
          ) : (
            <UserName userId={t.assigneeId} />
          )}
        </dd>
        {t.blockedBy ? (
          <>
            <dt>Blocked by</dt>
            <dd>{t.blockedBy}</dd>
          </>
        ) : null}
        <dt>Size</dt>
        <dd>{t.size}</dd>
        <dt>Estimate</dt>
        <dd>{minutes(t.estimatedMinutes)}</dd>
        <dt>Actual</dt>
        <dd>{minutes(t.actualMinutes)}</dd>
        <dt>QA iterations</dt>
        <dd>
          {t.qaIterations} of {t.maxIterations}
        </dd>
        {t.branchName ? (
          <>
            <dt>Branch</dt>
            <dd>
              <code>{t.branchName}</code>
            </dd>
          </>
        ) : null}
        <dt>Started</dt>
        <dd>{formatTime(t.startedAt)}</dd>
        <dt>Completed</dt>
        <dd>{formatTime(t.completedAt)}</dd>
      </dl>
      <Links taskId={taskId} direction="dependencies" onSelect={onSelect} />
      <Links taskId={taskId} direction="dependents" onSelect={onSelect} />
      <History taskId={taskId} />
    </article>
  );
}

function minutes(value: number | null): string {
  if (value === null) return "—";
  return value < 60 ? `${value} min` : `${(value / 60).toFixed(1)} h`;
}

const linkTitles = {
  dependencies: { title: "Waits on", none: "Nothing: it can start once delegated." },
  dependents: { title: "Needed by", none: "No task waits on this one." },
} as const;

function Links({
  taskId,
  direction,
  onSelect,
}: {
  taskId: string;
  direction: "dependencies" | "dependents";
  onSelect: (taskId: string) => void;
}) {
  const trpc = useTRPC();
  const links = useQuery(trpc.tasks[direction].queryOptions({ taskId, limit: 100 }));
  const { title, none } = linkTitles[direction];
  return (
    <section>
      <h3>{title}</h3>
      {links.isPending ? (
        <p className="loading">Loading…</p>
      ) : !links.data ? (
        <ErrorNote error={links.error} />
      ) : links.data.items.length === 0 ? (
        <p className="muted">{none}</p>
      ) : (
        <ul className="task-links">
          {links.data.items.map((linked: Task) => (
            <li key={linked.id}>
              <button type="button" className="link-button" onClick={() => onSelect(linked.id)}>
                {linked.name}
              </button>{" "}
              <span className={`badge status-${linked.status}`}>{linked.status}</span>
            </li>
          ))}
          {links.data.nextCursor ? <li className="muted">and more…</li> : null}
        </ul>
      )}
    </section>
  );
}

function History({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.tasks.assignmentHistory.queryOptions({ taskId, limit: 100 }));
  return (
    <section>
      <h3>Delegation history</h3>
      {history.isPending ? (
        <p className="loading">Loading…</p>
      ) : !history.data ? (
        <ErrorNote error={history.error} />
      ) : history.data.items.length === 0 ? (
        <p className="muted">
          Never assigned. Delegate it with <code>tasks.assign</code> to an agent.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Assignments, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col">Assigned</th>
                <th scope="col">By</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((assignment) => (
                <tr key={assignment.id}>
                  <td>
                    <AgentName id={assignment.agentId} />
                  </td>
                  <td>
                    <span className={`badge status-${assignment.status}`}>{assignment.status}</span>
                  </td>
                  <td>
                    <TimeAgo iso={assignment.assignedAt} />
                  </td>
                  <td>
                    <UserName userId={assignment.assignedBy} />
                  </td>
                  <td>
                    <TimeAgo iso={assignment.startedAt} />
                  </td>
                  <td>
                    <TimeAgo iso={assignment.completedAt} />
                  </td>
                  <td className="wrap">{assignment.notes ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {history.data.nextCursor ? (
            <p className="muted">Showing the first 100 assignments.</p>
          ) : null}
        </div>
      )}
    </section>
  );
}
