import { relations } from "drizzle-orm";
import { index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { projects } from "./projects";

export const sessionTypeValues = ["interview", "planning", "execution"] as const;
export type SessionType = (typeof sessionTypeValues)[number];

/** An interview, planning or execution session of a project (seed 004). */
export const sessions = agentSchema.table(
  "sessions",
  {
    ...tenantColumns,
    projectId: uuid("project_id").notNull(),
    type: text("type").$type<SessionType>().notNull(),
    status: text("status").notNull().default("active"),
    data: jsonb("data").$type<unknown>(),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    endedAt: timestamptz("ended_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("sessions_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    index("sessions_project_idx").on(t.workspaceId, t.projectId, t.status),
    checkOneOf("sessions_type_check", "type", sessionTypeValues),
  ],
);

export const sessionsRelations = relations(sessions, ({ one }) => ({
  project: one(projects, {
    fields: [sessions.workspaceId, sessions.projectId],
    references: [projects.workspaceId, projects.id],
  }),
}));
