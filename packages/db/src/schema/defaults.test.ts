import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../rows";
import { createTestWorkspace, useTestDatabase } from "../testing";
import { agents, conversations, features, messages, projects, sessions, tasks } from "./index";

describe("column defaults", () => {
  const database = useTestDatabase();

  it("hold for agents, tasks, features, messages and sessions", async () => {
    const db = database.current.db;
    const { id: workspaceId } = await createTestWorkspace(db);
    const ws = { workspaceId };
    const [agent] = await db
      .insert(agents)
      .values({ ...ws, name: "A", slug: "a", type: "backend-engineer", mode: "implementation" })
      .returning();
    expect(agent).toMatchObject({ capability: "none", model: null, status: "active" });

    const [project] = await db
      .insert(projects)
      .values({ ...ws, name: "P", mode: "evolution", rootPath: "/p" })
      .returning();
    if (!project) throw new Error("no project");
    const [task] = await db
      .insert(tasks)
      .values({ ...ws, projectId: project.id, name: "T" })
      .returning();
    expect(task).toMatchObject({
      delegationStatus: "unassigned",
      maxIterations: 50,
      estimatedMinutes: 15,
      status: "pending",
      size: "small",
      qaIterations: 0,
    });

    const [feature] = await db
      .insert(features)
      .values({ ...ws, projectId: project.id, name: "F" })
      .returning();
    expect(feature).toMatchObject({ priority: "should", status: "backlog" });

    const [conversation] = await db.insert(conversations).values(ws).returning();
    if (!conversation) throw new Error("no conversation");
    const [message] = await db
      .insert(messages)
      .values({ ...ws, conversationId: conversation.id, role: "user", content: "hi" })
      .returning();
    expect(message).toMatchObject({ messageType: "text", metadata: null });

    const [session] = await db
      .insert(sessions)
      .values({ ...ws, projectId: project.id, type: "interview" })
      .returning();
    expect(session).toMatchObject({ status: "active", endedAt: null });
    expect(session?.startedAt).toBeInstanceOf(Date);

    // The database holds seed 000's defaults itself, for writers that bypass TypeScript.
    const [raw] = rowsOf<{ capability: string; model: string | null; status: string }>(
      await db.execute(sql`
        insert into agent.agents (workspace_id, name, slug, type, mode)
        values (${workspaceId}, 'Raw', 'raw', 'reviewer', 'review')
        returning capability, model, status`),
    );
    expect(raw).toEqual({ capability: "none", model: null, status: "active" });
  });
});
