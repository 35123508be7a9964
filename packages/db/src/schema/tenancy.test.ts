import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, it } from "vitest";
import { pgErrorCodes } from "../database-error";
import {
  createTestWorkspace,
  expectDatabaseError,
  insertOneRowInEveryTable,
  useTestDatabase,
} from "../testing";
import {
  agentInvocations,
  agentSteps,
  agentTraits,
  ctaEvents,
  messages,
  taskAssignments,
  taskDependencies,
  tasks,
} from "./index";

describe("tenancy in the database", () => {
  const database = useTestDatabase();

  it("refuses a foreign key into another workspace, for every kind of reference", async () => {
    const db = database.current.db;
    const a = await createTestWorkspace(db, "A");
    const b = await createTestWorkspace(db, "B");
    const inA = await insertOneRowInEveryTable(db, a.id);
    const inB = await insertOneRowInEveryTable(db, b.id);
    const fk = pgErrorCodes.foreignKeyViolation;
    const ws = { workspaceId: a.id };

    // Each row lives in A but names a parent that exists only in B.
    await expectDatabaseError(
      db.insert(tasks).values({ ...ws, projectId: inB.project, name: "x" }),
      fk,
      "tasks_project_fk",
    );
    await expectDatabaseError(
      db.insert(agentTraits).values({ ...ws, agentId: inA.agent, traitId: inB.trait }),
      fk,
      "agent_traits_trait_fk",
    );
    await expectDatabaseError(
      db.insert(taskDependencies).values({ ...ws, taskId: inA.task, dependsOnTaskId: inB.task }),
      fk,
      "task_dependencies_depends_on_fk",
    );
    await expectDatabaseError(
      db.insert(taskAssignments).values({ ...ws, taskId: inA.task, agentId: inB.agent }),
      fk,
      "task_assignments_agent_fk",
    );
    await expectDatabaseError(
      db.insert(agentSteps).values({ ...ws, invocationId: inB.invocation, stepNumber: 1 }),
      fk,
      "agent_steps_invocation_fk",
    );
    await expectDatabaseError(
      db
        .insert(agentInvocations)
        .values({ ...ws, agentType: "explorer", parentInvocationId: inB.invocation }),
      fk,
      "agent_invocations_parent_fk",
    );
    await expectDatabaseError(
      db
        .insert(messages)
        .values({ ...ws, conversationId: inB.conversation, role: "user", content: "x" }),
      fk,
      "messages_conversation_fk",
    );
    await expectDatabaseError(
      db.insert(ctaEvents).values({
        ...ws,
        runId: inA.run,
        kind: "approval",
        prompt: "ok?",
        answeredBy: inB.user,
        status: "answered",
        answeredAt: new Date(),
        response: { approved: true },
      }),
      fk,
      "cta_events_answered_by_fk",
    );
    // A workspace that does not exist at all.
    await expectDatabaseError(
      db.insert(tasks).values({ workspaceId: randomUUID(), projectId: inA.project, name: "x" }),
      fk,
    );
  });

  it("refuses a task that depends on itself", async () => {
    const db = database.current.db;
    const a = await createTestWorkspace(db);
    const ids = await insertOneRowInEveryTable(db, a.id);
    await expectDatabaseError(
      db
        .insert(taskDependencies)
        .values({ workspaceId: a.id, taskId: ids.task, dependsOnTaskId: ids.task }),
      pgErrorCodes.checkViolation,
      "task_dependencies_not_self_check",
    );
  });

  it("refuses values outside the closed sets the seeds define", async () => {
    const db = database.current.db;
    const a = await createTestWorkspace(db);
    const ids = await insertOneRowInEveryTable(db, a.id);
    await expectDatabaseError(
      db.execute(sql`update agent.agents set capability = 'browse' where id = ${ids.agent}`),
      pgErrorCodes.checkViolation,
      "agents_capability_check",
    );
    await expectDatabaseError(
      db.execute(sql`update agent.tasks set delegation_status = 'done' where id = ${ids.task}`),
      pgErrorCodes.checkViolation,
      "tasks_delegation_status_check",
    );
    await expectDatabaseError(
      db.execute(
        sql`update agent.messages set message_type = 'email' where workspace_id = ${a.id}`,
      ),
      pgErrorCodes.checkViolation,
      "messages_message_type_check",
    );
  });
});
