import { relations, sql } from "drizzle-orm";
import { check, index, integer, jsonb, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { agents } from "./agents";
import {
  checkOneOf,
  createdAt,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { features, subFeatures } from "./features";
import { users } from "./identity";
import { agentInvocations } from "./invocations";
import { metrics } from "./metrics";
import { projects, sprints } from "./projects";

export const taskStatusValues = [
  "pending",
  "in_progress",
  "blocked",
  "completed",
  "failed",
  "cancelled",
] as const;
export type TaskStatus = (typeof taskStatusValues)[number];

export const taskSizeValues = ["atomic", "small"] as const;
export type TaskSize = (typeof taskSizeValues)[number];

export const assigneeTypeValues = ["agent", "user"] as const;
export type AssigneeType = (typeof assigneeTypeValues)[number];

export const delegationStatusValues = [
  "unassigned",
  "assigned",
  "in_progress",
  "blocked",
  "completed",
] as const;
export type DelegationStatus = (typeof delegationStatusValues)[number];

/** Seed 004's tasks and seed 003's work items, one table. */
export const tasks = agentSchema.table(
  "tasks",
  {
    ...tenantColumns,
    projectId: uuid("project_id").notNull(),
    featureId: uuid("feature_id"),
    subFeatureId: uuid("sub_feature_id"),
    sprintId: uuid("sprint_id"),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status").$type<TaskStatus>().notNull().default("pending"),
    size: text("size").$type<TaskSize>().notNull().default("small"),
    /** Polymorphic: an agent definition or a user, so the database cannot hold a key for it. */
    assigneeType: text("assignee_type").$type<AssigneeType>(),
    assigneeId: uuid("assignee_id"),
    worktreePath: text("worktree_path"),
    branchName: text("branch_name"),
    /** A free-text reason; the tasks it waits on are rows of task_dependencies. */
    blockedBy: text("blocked_by"),
    qaIterations: integer("qa_iterations").notNull().default(0),
    maxIterations: integer("max_iterations").notNull().default(50),
    estimatedMinutes: integer("estimated_minutes").default(15),
    actualMinutes: integer("actual_minutes"),
    delegationStatus: text("delegation_status")
      .$type<DelegationStatus>()
      .notNull()
      .default("unassigned"),
    delegationContext: jsonb("delegation_context").$type<Record<string, unknown>>(),
    startedAt: timestamptz("started_at"),
    completedAt: timestamptz("completed_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("tasks_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    // Seed 004 leaves these without a delete rule: a feature or sprint with tasks is not deleted.
    tenantReference("tasks_feature_fk", t.workspaceId, t.featureId, features, "no action"),
    tenantReference(
      "tasks_sub_feature_fk",
      t.workspaceId,
      t.subFeatureId,
      subFeatures,
      "no action",
    ),
    tenantReference("tasks_sprint_fk", t.workspaceId, t.sprintId, sprints, "no action"),
    index("tasks_assignee_idx").on(t.workspaceId, t.assigneeType, t.assigneeId),
    index("tasks_delegation_status_idx").on(t.workspaceId, t.delegationStatus),
    index("tasks_project_status_idx").on(t.workspaceId, t.projectId, t.status),
    checkOneOf("tasks_status_check", "status", taskStatusValues),
    checkOneOf("tasks_size_check", "size", taskSizeValues),
    checkOneOf("tasks_assignee_type_check", "assignee_type", assigneeTypeValues),
    checkOneOf("tasks_delegation_status_check", "delegation_status", delegationStatusValues),
    check("tasks_assignee_pair_check", sql`("assignee_type" is null) = ("assignee_id" is null)`),
  ],
);

/** Task → the task it waits on; replaces seed 004's JSON `depends_on`. */
export const taskDependencies = agentSchema.table(
  "task_dependencies",
  {
    workspaceId: tenantColumns.workspaceId,
    taskId: uuid("task_id").notNull(),
    dependsOnTaskId: uuid("depends_on_task_id").notNull(),
    ...createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.taskId, t.dependsOnTaskId] }),
    tenantReference("task_dependencies_task_fk", t.workspaceId, t.taskId, tasks, "cascade"),
    tenantReference(
      "task_dependencies_depends_on_fk",
      t.workspaceId,
      t.dependsOnTaskId,
      tasks,
      "cascade",
    ),
    index("task_dependencies_depends_on_idx").on(t.workspaceId, t.dependsOnTaskId),
    // Longer cycles are refused by the query that adds a dependency; this one needs no query.
    check("task_dependencies_not_self_check", sql`"task_id" <> "depends_on_task_id"`),
  ],
);

export const taskAssignmentStatusValues = [
  "assigned",
  "started",
  "paused",
  "completed",
  "cancelled",
] as const;
export type TaskAssignmentStatus = (typeof taskAssignmentStatusValues)[number];

/**
 * Seed 003's delegation history, one row per assignment, never edited in place. It is an audit
 * record: the agent and user it names cannot be deleted while it exists (archive them instead);
 * it goes only with its task.
 */
export const taskAssignments = agentSchema.table(
  "task_assignments",
  {
    ...tenantColumns,
    taskId: uuid("task_id").notNull(),
    agentId: uuid("agent_id").notNull(),
    assignedBy: uuid("assigned_by"),
    assignedAt: timestamptz("assigned_at").notNull().defaultNow(),
    startedAt: timestamptz("started_at"),
    completedAt: timestamptz("completed_at"),
    status: text("status").$type<TaskAssignmentStatus>().notNull().default("assigned"),
    notes: text("notes"),
    context: jsonb("context").$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("task_assignments_task_fk", t.workspaceId, t.taskId, tasks, "cascade"),
    tenantReference("task_assignments_agent_fk", t.workspaceId, t.agentId, agents, "no action"),
    tenantReference("task_assignments_user_fk", t.workspaceId, t.assignedBy, users, "no action"),
    index("task_assignments_task_idx").on(t.workspaceId, t.taskId),
    index("task_assignments_agent_idx").on(t.workspaceId, t.agentId),
    index("task_assignments_status_idx").on(t.workspaceId, t.status),
    index("task_assignments_assigned_at_idx").on(t.workspaceId, t.assignedAt),
    checkOneOf("task_assignments_status_check", "status", taskAssignmentStatusValues),
  ],
);

export const tasksRelations = relations(tasks, ({ one, many }) => ({
  project: one(projects, {
    fields: [tasks.workspaceId, tasks.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  feature: one(features, {
    fields: [tasks.workspaceId, tasks.featureId],
    references: [features.workspaceId, features.id],
  }),
  subFeature: one(subFeatures, {
    fields: [tasks.workspaceId, tasks.subFeatureId],
    references: [subFeatures.workspaceId, subFeatures.id],
  }),
  sprint: one(sprints, {
    fields: [tasks.workspaceId, tasks.sprintId],
    references: [sprints.workspaceId, sprints.id],
  }),
  dependencies: many(taskDependencies, { relationName: "task_dependency_task" }),
  dependents: many(taskDependencies, { relationName: "task_dependency_depends_on" }),
  assignments: many(taskAssignments),
  invocations: many(agentInvocations),
  metrics: many(metrics),
}));

export const taskDependenciesRelations = relations(taskDependencies, ({ one }) => ({
  task: one(tasks, {
    fields: [taskDependencies.workspaceId, taskDependencies.taskId],
    references: [tasks.workspaceId, tasks.id],
    relationName: "task_dependency_task",
  }),
  dependsOn: one(tasks, {
    fields: [taskDependencies.workspaceId, taskDependencies.dependsOnTaskId],
    references: [tasks.workspaceId, tasks.id],
    relationName: "task_dependency_depends_on",
  }),
}));

export const taskAssignmentsRelations = relations(taskAssignments, ({ one }) => ({
  task: one(tasks, {
    fields: [taskAssignments.workspaceId, taskAssignments.taskId],
    references: [tasks.workspaceId, tasks.id],
  }),
  agent: one(agents, {
    fields: [taskAssignments.workspaceId, taskAssignments.agentId],
    references: [agents.workspaceId, agents.id],
  }),
  assigner: one(users, {
    fields: [taskAssignments.workspaceId, taskAssignments.assignedBy],
    references: [users.workspaceId, users.id],
  }),
}));
