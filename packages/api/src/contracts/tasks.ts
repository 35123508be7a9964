import {
  assigneeTypeValues,
  delegationStatusValues,
  taskAssignmentStatusValues,
  taskAssignments,
  taskDependencies,
  taskSizeValues,
  taskStatusValues,
  tasks,
} from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { createdAt, publicRow, tenantKey, timestamps } from "./public-row";

/** A task with its minutes also in hours (`withHours`): seed 003 speaks hours, seed 004 minutes. */
export const taskRow = publicRow(tasks, {
  ...tenantKey,
  projectId: true,
  featureId: true,
  subFeatureId: true,
  sprintId: true,
  name: true,
  description: true,
  status: z.enum(taskStatusValues),
  size: z.enum(taskSizeValues),
  assigneeType: z.enum(assigneeTypeValues),
  assigneeId: true,
  worktreePath: true,
  branchName: true,
  blockedBy: true,
  qaIterations: true,
  maxIterations: true,
  estimatedMinutes: true,
  actualMinutes: true,
  delegationStatus: z.enum(delegationStatusValues),
  delegationContext: jsonObject,
  startedAt: true,
  completedAt: true,
  ...timestamps,
})
  .extend({ estimatedHours: z.number().nullable(), actualHours: z.number().nullable() })
  .meta({ id: "Task" });

export const taskDependencyRow = publicRow(taskDependencies, {
  workspaceId: true,
  taskId: true,
  dependsOnTaskId: true,
  ...createdAt,
}).meta({ id: "TaskDependency" });

export const taskAssignmentRow = publicRow(taskAssignments, {
  ...tenantKey,
  taskId: true,
  agentId: true,
  assignedBy: true,
  assignedAt: true,
  startedAt: true,
  completedAt: true,
  status: z.enum(taskAssignmentStatusValues),
  notes: true,
  context: jsonObject,
  ...timestamps,
}).meta({ id: "TaskAssignment" });

/** What a delegation step answers: the task as it now is and the assignment it moved. */
export const delegationStep = z.object({ task: taskRow, assignment: taskAssignmentRow });
