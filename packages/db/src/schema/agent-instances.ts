import { relations } from "drizzle-orm";
import { bigint, index, integer, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { agents } from "./agents";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { workspaceReference } from "./identity";
import { tasks } from "./tasks";

export const agentInstanceTypeValues = [
  "planner",
  "coder",
  "tester",
  "reviewer",
  "merger",
] as const;
export type AgentInstanceType = (typeof agentInstanceTypeValues)[number];

/** A live instance of an agent working somewhere: a worktree, a branch, its counters (seed 004). */
export const agentInstances = agentSchema.table(
  "agent_instances",
  {
    ...tenantColumns,
    /** The definition it was spawned from, when there is one. */
    agentId: uuid("agent_id"),
    type: text("type").$type<AgentInstanceType>().notNull(),
    status: text("status").notNull().default("idle"),
    currentTaskId: uuid("current_task_id"),
    worktreePath: text("worktree_path"),
    branchName: text("branch_name"),
    tokensUsed: bigint("tokens_used", { mode: "number" }).notNull().default(0),
    tasksCompleted: integer("tasks_completed").notNull().default(0),
    tasksFailed: integer("tasks_failed").notNull().default(0),
    spawnedAt: timestamptz("spawned_at").notNull().defaultNow(),
    lastActivityAt: timestamptz("last_activity_at").notNull().defaultNow(),
    terminatedAt: timestamptz("terminated_at"),
    terminationReason: text("termination_reason"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("agent_instances_workspace_fk", t.workspaceId),
    tenantReference("agent_instances_agent_fk", t.workspaceId, t.agentId, agents, "cascade"),
    // An instance still pointing at a task keeps that task from being deleted under it.
    tenantReference("agent_instances_task_fk", t.workspaceId, t.currentTaskId, tasks, "no action"),
    index("agent_instances_status_idx").on(t.workspaceId, t.status),
    index("agent_instances_agent_idx").on(t.workspaceId, t.agentId),
    checkOneOf("agent_instances_type_check", "type", agentInstanceTypeValues),
  ],
);

export const agentInstancesRelations = relations(agentInstances, ({ one }) => ({
  agent: one(agents, {
    fields: [agentInstances.workspaceId, agentInstances.agentId],
    references: [agents.workspaceId, agents.id],
  }),
  currentTask: one(tasks, {
    fields: [agentInstances.workspaceId, agentInstances.currentTaskId],
    references: [tasks.workspaceId, tasks.id],
  }),
}));
