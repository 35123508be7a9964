import type { CrossWorkspaceCases } from "./case";

export const tasksCases: CrossWorkspaceCases = {
  "tasks.create": { notFound: (b) => ({ projectId: b.project, name: "Mine" }) },
  "tasks.update": { notFound: (b) => ({ id: b.task, name: "stolen" }) },
  "tasks.get": { notFound: (b) => ({ id: b.task }) },
  "tasks.list": { notFound: (b) => ({ projectId: b.project }) },
  "tasks.delete": { notFound: (b) => ({ id: b.task }) },
  "tasks.addDependency": { notFound: (b) => ({ taskId: b.otherTask, dependsOnTaskId: b.task }) },
  "tasks.removeDependency": {
    notFound: (b) => ({ taskId: b.task, dependsOnTaskId: b.otherTask }),
  },
  "tasks.dependencies": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.dependents": { notFound: (b) => ({ taskId: b.otherTask }) },
  "tasks.ready": { notFound: (b) => ({ projectId: b.project }) },
  "tasks.assign": { notFound: (b) => ({ taskId: b.otherTask, agentId: b.agent }) },
  "tasks.start": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.pause": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.block": { notFound: (b) => ({ taskId: b.task, reason: "stolen" }) },
  "tasks.unblock": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.complete": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.cancel": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.currentAssignment": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.assignmentHistory": { notFound: (b) => ({ taskId: b.task }) },
  "tasks.agentActiveAssignments": { notFound: (b) => ({ agentId: b.agent }) },
  "tasks.agentAssignedTasks": { notFound: (b) => ({ agentId: b.agent }) },
};
