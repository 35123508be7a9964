import { agentInstancesRouter } from "./routers/agent-instances";
import { agentsRouter } from "./routers/agents";
import { apiKeysRouter } from "./routers/api-keys";
import { checkpointsRouter } from "./routers/checkpoints";
import { conversationsRouter } from "./routers/conversations";
import { ctaEventsRouter } from "./routers/cta-events";
import { featuresRouter } from "./routers/features";
import { ingestRouter } from "./routers/ingest";
import { invocationsRouter } from "./routers/invocations";
import { liveRouter } from "./routers/live";
import { memoryRecordsRouter } from "./routers/memory-records";
import { metricsRouter } from "./routers/metrics";
import { pricesRouter } from "./routers/prices";
import { projectsRouter } from "./routers/projects";
import { requirementsRouter } from "./routers/requirements";
import { retentionRouter } from "./routers/retention";
import { runViewRouter } from "./routers/run-view";
import { runsRouter } from "./routers/runs";
import { sandboxesRouter } from "./routers/sandboxes";
import { sessionsRouter } from "./routers/sessions";
import { sprintsRouter } from "./routers/sprints";
import { tasksRouter } from "./routers/tasks";
import { toolCallsRouter } from "./routers/tool-calls";
import { traitsRouter } from "./routers/traits";
import { usageRouter } from "./routers/usage";
import { usersRouter } from "./routers/users";
import { router } from "./trpc";

export const appRouter = router({
  agents: agentsRouter,
  traits: traitsRouter,
  agentInstances: agentInstancesRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  projects: projectsRouter,
  requirements: requirementsRouter,
  features: featuresRouter,
  sprints: sprintsRouter,
  tasks: tasksRouter,
  runs: runsRouter,
  invocations: invocationsRouter,
  toolCalls: toolCallsRouter,
  usage: usageRouter,
  prices: pricesRouter,
  retention: retentionRouter,
  runView: runViewRouter,
  sandboxes: sandboxesRouter,
  memoryRecords: memoryRecordsRouter,
  ctaEvents: ctaEventsRouter,
  checkpoints: checkpointsRouter,
  metrics: metricsRouter,
  sessions: sessionsRouter,
  conversations: conversationsRouter,
  ingest: ingestRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
