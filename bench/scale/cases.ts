import {
  type Database,
  listCtaEvents,
  listDeadLetters,
  listInvocations,
  listRuns,
  listToolCalls,
  type PageAfter,
  summarizeUsage,
  toolDenialOutputTypes,
  toolErrorOutputTypes,
} from "@steward/db";
import type { SQLWrapper } from "drizzle-orm";
import { dayMs } from "./shape";

export type Probe = {
  /** Ids of rows the filters name: an agent, a root invocation, a run, a project. */
  agentId: string;
  invocationId: string;
  rootInvocationId: string;
  runId: string;
  projectId: string;
};

type Query = SQLWrapper & PromiseLike<unknown>;

export type Case = {
  name: string;
  kind: "list" | "aggregate" | "skeleton";
  run: () => PromiseLike<unknown>;
  /** The one statement the case runs, to EXPLAIN; none for a case of several. */
  query?: () => Query;
};

const limit = 50;
const page = (after?: PageAfter) => ({ limit, after });

/**
 * Every list with each filter, on its first page and on a page deep in history (a cursor 45 days
 * back, as if the reader had paged there), and the usage aggregates over 30 days.
 */
export function buildCases(db: Database, workspaceId: string, now: number, probe: Probe): Case[] {
  const deep: PageAfter = {
    createdAt: new Date(now - 45 * dayMs),
    id: "ffffffff-ffff-7fff-ffff-ffffffffffff",
  };
  const lastWeek = { from: new Date(now - 7 * dayMs), to: new Date(now) };
  const oldWeek = { from: new Date(now - 60 * dayMs), to: new Date(now - 53 * dayMs) };
  const scope = { workspaceId };
  const lists: [string, (after?: PageAfter) => Query][] = [
    ["runs", (after) => listRuns(db, { ...scope, filters: {}, page: page(after) })],
    [
      "runs status=running",
      (after) => listRuns(db, { ...scope, filters: { status: "running" }, page: page(after) }),
    ],
    [
      "runs phase=failed",
      (after) => listRuns(db, { ...scope, filters: { currentPhase: "failed" }, page: page(after) }),
    ],
    [
      "runs project",
      (after) =>
        listRuns(db, { ...scope, filters: { projectId: probe.projectId }, page: page(after) }),
    ],
    [
      "runs created in an old week",
      (after) => listRuns(db, { ...scope, filters: { created: oldWeek }, page: page(after) }),
    ],
    [
      "runs started last week",
      (after) => listRuns(db, { ...scope, filters: { started: lastWeek }, page: page(after) }),
    ],
    [
      "runs title~billing",
      (after) =>
        listRuns(db, { ...scope, filters: { titleContains: "billing" }, page: page(after) }),
    ],
    [
      "runs title~(no match)",
      (after) =>
        listRuns(db, { ...scope, filters: { titleContains: "no such title" }, page: page(after) }),
    ],
    ["invocations", (after) => listInvocations(db, { ...scope, filters: {}, page: page(after) })],
    [
      "invocations agentType=meta_judge",
      (after) =>
        listInvocations(db, { ...scope, filters: { agentType: "meta_judge" }, page: page(after) }),
    ],
    [
      "invocations agentId",
      (after) =>
        listInvocations(db, { ...scope, filters: { agentId: probe.agentId }, page: page(after) }),
    ],
    [
      "invocations model=o3",
      (after) => listInvocations(db, { ...scope, filters: { model: "o3" }, page: page(after) }),
    ],
    [
      "invocations status=failed",
      (after) =>
        listInvocations(db, { ...scope, filters: { status: "failed" }, page: page(after) }),
    ],
    [
      "invocations created in an old week",
      (after) =>
        listInvocations(db, { ...scope, filters: { created: oldWeek }, page: page(after) }),
    ],
    [
      "invocations parent",
      (after) =>
        listInvocations(db, {
          ...scope,
          filters: { parentInvocationId: probe.rootInvocationId },
          page: page(after),
        }),
    ],
    [
      "invocations run",
      (after) =>
        listInvocations(db, { ...scope, filters: { runId: probe.runId }, page: page(after) }),
    ],
    ["toolCalls", (after) => listToolCalls(db, { ...scope, filters: {}, page: page(after) })],
    [
      "toolCalls toolName=ask_human",
      (after) =>
        listToolCalls(db, { ...scope, filters: { toolName: "ask_human" }, page: page(after) }),
    ],
    [
      "toolCalls status=failed",
      (after) => listToolCalls(db, { ...scope, filters: { status: "failed" }, page: page(after) }),
    ],
    [
      "toolCalls errors",
      (after) =>
        listToolCalls(db, {
          ...scope,
          filters: { outputTypes: toolErrorOutputTypes },
          page: page(after),
        }),
    ],
    [
      "toolCalls denials",
      (after) =>
        listToolCalls(db, {
          ...scope,
          filters: { outputTypes: toolDenialOutputTypes },
          page: page(after),
        }),
    ],
    [
      "toolCalls created in an old week",
      (after) => listToolCalls(db, { ...scope, filters: { created: oldWeek }, page: page(after) }),
    ],
    [
      "toolCalls invocation",
      (after) =>
        listToolCalls(db, {
          ...scope,
          filters: { invocationId: probe.invocationId },
          page: page(after),
        }),
    ],
    ["ctaEvents", (after) => listCtaEvents(db, { ...scope, filters: {}, page: page(after) })],
    [
      "ctaEvents status=pending",
      (after) => listCtaEvents(db, { ...scope, filters: { status: "pending" }, page: page(after) }),
    ],
    [
      "ctaEvents status=answered last week",
      (after) =>
        listCtaEvents(db, {
          ...scope,
          filters: { status: "answered", created: lastWeek },
          page: page(after),
        }),
    ],
    ["deadLetters", (after) => listDeadLetters(db, { ...scope, page: page(after) })],
    [
      "deadLetters eventType=invocation.started",
      (after) =>
        listDeadLetters(db, {
          ...scope,
          filters: { eventType: "invocation.started" },
          page: page(after),
        }),
    ],
    [
      "deadLetters in an old week",
      (after) => listDeadLetters(db, { ...scope, filters: { dead: oldWeek }, page: page(after) }),
    ],
  ];
  const cases: Case[] = lists.flatMap(([name, list]) => [
    { name: `${name}`, kind: "list" as const, run: () => list(), query: () => list() },
    {
      name: `${name} (deep page)`,
      kind: "list" as const,
      run: () => list(deep),
      query: () => list(deep),
    },
  ]);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const month = { from: day(now - 29 * dayMs), to: day(now + dayMs) };
  for (const groupBy of [["day"], ["model"], ["agent"], ["day", "model", "agent"]] as const) {
    const query = () => summarizeUsage(db, { ...scope, ...month, groupBy });
    cases.push({
      name: `usage 30 days by ${groupBy.join("+")}`,
      kind: "aggregate",
      run: query,
      query,
    });
  }
  return cases;
}
