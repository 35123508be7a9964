import { randomUUID } from "node:crypto";
import type { Database } from "../database";
import * as s from "../schema";

export async function createTestWorkspace(db: Database, name = "Test workspace") {
  const [workspace] = await db
    .insert(s.workspaces)
    .values({ name, slug: `ws-${randomUUID()}` })
    .returning();
  if (!workspace) throw new Error("createTestWorkspace: no row returned");
  return workspace;
}

/**
 * One row in every table of the schema for one workspace, linked the way real data is, so
 * tests can check what survives a delete, a rollback or another workspace's reach.
 */
export async function insertOneRowInEveryTable(db: Database, workspaceId: string) {
  const ws = { workspaceId };
  const ids = {
    user: randomUUID(),
    agent: randomUUID(),
    trait: randomUUID(),
    project: randomUUID(),
    sprint: randomUUID(),
    feature: randomUUID(),
    subFeature: randomUUID(),
    requirement: randomUUID(),
    task: randomUUID(),
    otherTask: randomUUID(),
    instance: randomUUID(),
    conversation: randomUUID(),
    sandbox: randomUUID(),
    run: randomUUID(),
    phaseResult: randomUUID(),
    invocation: randomUUID(),
    step: randomUUID(),
    apiKey: randomUUID(),
    capability: randomUUID(),
    assignment: randomUUID(),
    session: randomUUID(),
    message: randomUUID(),
    context: randomUUID(),
    snapshot: randomUUID(),
    toolCall: randomUUID(),
    memoryRecord: randomUUID(),
    ctaEvent: randomUUID(),
    checkpoint: randomUUID(),
    metric: randomUUID(),
    deadLetterEvent: randomUUID(),
  };
  await db.insert(s.users).values({ ...ws, id: ids.user, email: `${ids.user}@example.com` });
  await db.insert(s.userSettings).values({ ...ws, userId: ids.user, defaultModel: "gpt-5" });
  await db.insert(s.apiKeys).values({
    ...ws,
    id: ids.apiKey,
    name: "fixture",
    prefix: "stw_fixture",
    keyHash: ids.user,
    scopes: ["read"],
  });
  await db.insert(s.agents).values({
    ...ws,
    id: ids.agent,
    name: "Backend engineer",
    slug: `backend-${ids.agent}`,
    type: "backend-engineer",
    mode: "implementation",
  });
  await db.insert(s.traits).values({ ...ws, id: ids.trait, name: `careful-${ids.trait}` });
  await db.insert(s.agentTraits).values({ ...ws, agentId: ids.agent, traitId: ids.trait });
  await db
    .insert(s.agentCapabilities)
    .values({ ...ws, id: ids.capability, agentId: ids.agent, name: "sql" });
  await db.insert(s.projects).values({
    ...ws,
    id: ids.project,
    name: "Project",
    mode: "genesis",
    rootPath: "/srv/project",
  });
  await db.insert(s.sprints).values({ ...ws, id: ids.sprint, projectId: ids.project, name: "S1" });
  await db
    .insert(s.features)
    .values({ ...ws, id: ids.feature, projectId: ids.project, name: "Login" });
  await db
    .insert(s.subFeatures)
    .values({ ...ws, id: ids.subFeature, featureId: ids.feature, name: "Form" });
  await db.insert(s.requirements).values({
    ...ws,
    id: ids.requirement,
    projectId: ids.project,
    category: "functional",
    description: "Users can log in",
  });
  await db
    .insert(s.requirementFeatures)
    .values({ ...ws, requirementId: ids.requirement, featureId: ids.feature });
  await db.insert(s.tasks).values([
    {
      ...ws,
      id: ids.task,
      projectId: ids.project,
      featureId: ids.feature,
      subFeatureId: ids.subFeature,
      sprintId: ids.sprint,
      name: "Build the form",
    },
    { ...ws, id: ids.otherTask, projectId: ids.project, name: "Design the form" },
  ]);
  await db
    .insert(s.taskDependencies)
    .values({ ...ws, taskId: ids.task, dependsOnTaskId: ids.otherTask });
  await db.insert(s.taskAssignments).values({
    ...ws,
    id: ids.assignment,
    taskId: ids.task,
    agentId: ids.agent,
    assignedBy: ids.user,
  });
  await db.insert(s.agentInstances).values({
    ...ws,
    id: ids.instance,
    agentId: ids.agent,
    type: "coder",
    currentTaskId: ids.task,
  });
  await db
    .insert(s.sessions)
    .values({ ...ws, id: ids.session, projectId: ids.project, type: "planning" });
  await db
    .insert(s.conversations)
    .values({ ...ws, id: ids.conversation, userId: ids.user, title: "Chat" });
  await db.insert(s.messages).values({
    ...ws,
    id: ids.message,
    conversationId: ids.conversation,
    role: "user",
    content: "Hello",
  });
  await db.insert(s.conversationContext).values({
    ...ws,
    id: ids.context,
    conversationId: ids.conversation,
    contextType: "technology",
    contextKey: "prefers_typescript",
    contextValue: true,
  });
  await db.insert(s.sandboxes).values({ ...ws, id: ids.sandbox, sourceType: "git" });
  await db.insert(s.sandboxSnapshots).values({ ...ws, id: ids.snapshot, sandboxId: ids.sandbox });
  await db.insert(s.featureRuns).values({
    ...ws,
    id: ids.run,
    projectId: ids.project,
    featureId: ids.feature,
    sandboxId: ids.sandbox,
    title: "Build login",
  });
  await db
    .insert(s.phaseResults)
    .values({ ...ws, id: ids.phaseResult, runId: ids.run, phase: "analysis" });
  await db.insert(s.agentInvocations).values({
    ...ws,
    id: ids.invocation,
    agentType: "orchestrator",
    agentId: ids.agent,
    runId: ids.run,
    phaseResultId: ids.phaseResult,
  });
  await db
    .insert(s.agentSteps)
    .values({ ...ws, id: ids.step, invocationId: ids.invocation, stepNumber: 0 });
  await db.insert(s.stepUsageDaily).values({
    ...ws,
    day: "2026-01-31",
    agentType: "orchestrator",
    agentId: ids.agent,
    stepCount: 1,
  });
  await db.insert(s.toolCalls).values({
    ...ws,
    id: ids.toolCall,
    invocationId: ids.invocation,
    stepId: ids.step,
    toolCallId: "call_1",
    toolName: "read_file",
  });
  await db.insert(s.memoryRecords).values({
    ...ws,
    id: ids.memoryRecord,
    runId: ids.run,
    phase: "analysis",
    kind: "insight",
    content: "The form exists",
    sourceInvocationId: ids.invocation,
  });
  await db.insert(s.ctaEvents).values({
    ...ws,
    id: ids.ctaEvent,
    runId: ids.run,
    invocationId: ids.invocation,
    kind: "approval",
    prompt: "Proceed?",
  });
  await db
    .insert(s.checkpoints)
    .values({ ...ws, id: ids.checkpoint, runId: ids.run, state: { phase: "analysis" } });
  await db
    .insert(s.metrics)
    .values({ ...ws, id: ids.metric, runId: ids.run, type: "token_usage", value: 42 });
  const event = { ...ws, eventType: "metric.recorded", payload: { type: "metric.recorded" } };
  await db.insert(s.ingestInbox).values({ ...event, eventId: randomUUID() });
  await db.insert(s.ingestedEvents).values({ ...ws, eventId: randomUUID() });
  await db.insert(s.ingestDeadLetters).values({
    ...event,
    eventId: ids.deadLetterEvent,
    reason: "fixture",
    attempts: 1,
    receivedAt: new Date(),
  });
  return ids;
}

export type FixtureIds = Awaited<ReturnType<typeof insertOneRowInEveryTable>>;
