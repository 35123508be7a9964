// The seeded rows, table by table, as COPY text lines. Each generator walks the batch's runs in
// time order, so the time-ordered ids and the created-at indexes fill mostly at their right edge.
import {
  agentTypes,
  type Batch,
  dayMs,
  fraction,
  models,
  pick,
  spanDays,
  stepsPerInvocation,
  timeOrderedId,
  titleWords,
  toolCallsPerStep,
  toolNames,
} from "./shape";

const N = "\\N";
const iso = (ms: number) => new Date(ms).toISOString();
const line = (fields: (string | number)[]) => `${fields.join("\t")}\n`;

const tag = { run: 1, invocation: 2, step: 3, toolCall: 4, cta: 5, deadLetter: 6 } as const;
const invocationGapMs = 20_000;
const stepGapMs = 1_500;
const toolCallGapMs = 300;
/** Runs started within the last hour are still going: their invocations run, calls are open. */
const liveMs = 3_600_000;

function runStart(batch: Batch, r: number) {
  const slot = (spanDays * dayMs) / batch.runCount;
  const g = batch.firstRun + r;
  return Math.floor(batch.now - spanDays * dayMs + (r + fraction(g, 1) * 0.9) * slot - liveMs / 2);
}

const isLive = (batch: Batch, start: number) => batch.now - start < liveMs;

type Tokens = [number, number, number, number, number, number];

function stepTokens(serial: number): Tokens {
  const input = 500 + Math.floor(fraction(serial, 10) * 4500);
  const output = 50 + Math.floor(fraction(serial, 11) * 950);
  const reasoning = fraction(serial, 12) < 0.3 ? Math.floor(fraction(serial, 13) * 800) : 0;
  const cacheRead = Math.floor(input * fraction(serial, 14) * 0.8);
  const cacheWrite = fraction(serial, 15) < 0.2 ? Math.floor(input * 0.5) : 0;
  return [input, output, input + output, reasoning, cacheRead, cacheWrite];
}

function addTokens(into: Tokens, more: Tokens) {
  for (let i = 0; i < 6; i++) (into as number[])[i] = (into[i] ?? 0) + (more[i] ?? 0);
}

function invocationTokens(invocationSerial: number): Tokens {
  const sum: Tokens = [0, 0, 0, 0, 0, 0];
  for (let k = 0; k < stepsPerInvocation; k++) {
    addTokens(sum, stepTokens(invocationSerial * stepsPerInvocation + k));
  }
  return sum;
}

type Invocation = {
  serial: number;
  id: string;
  start: number;
  model: string;
  live: boolean;
};

function invocationOf(batch: Batch, r: number, j: number): Invocation {
  const g = batch.firstRun + r;
  const serial = g * batch.invocationsPerRun + j;
  const start = runStart(batch, r) + j * invocationGapMs;
  return {
    serial,
    id: timeOrderedId(start, tag.invocation, serial),
    start,
    model: pick(models, [30, 10, 25, 20, 10, 5], fraction(serial, 3)),
    live: isLive(batch, runStart(batch, r)),
  };
}

const phases = ["analysis", "approaches", "judging", "implementation", "pr"] as const;

export function* runLines(batch: Batch) {
  for (let r = 0; r < batch.runCount; r++) {
    const g = batch.firstRun + r;
    const start = runStart(batch, r);
    const live = isLive(batch, start);
    const tokens: Tokens = [0, 0, 0, 0, 0, 0];
    for (let j = 0; j < batch.invocationsPerRun; j++) {
      addTokens(tokens, invocationTokens(g * batch.invocationsPerRun + j));
    }
    const failed = !live && fraction(g, 2) < 0.05;
    const phase = live
      ? pick(phases, [1, 1, 1, 1, 1], fraction(g, 4))
      : failed
        ? "failed"
        : "completed";
    const end = start + batch.invocationsPerRun * invocationGapMs;
    const title = `${pick(titleWords, [1, 1, 1, 1, 1, 1, 1, 1], fraction(g, 5))} change ${g}`;
    const project = batch.projectIds[g % (batch.projectIds.length + 1)] ?? N;
    yield line([
      batch.workspaceId,
      timeOrderedId(start, tag.run, g),
      project,
      title,
      phase,
      failed ? "a phase failed" : N,
      ...tokens,
      batch.invocationsPerRun * stepsPerInvocation,
      iso(start),
      live ? N : iso(end),
      iso(start),
      iso(live ? start : end),
    ]);
  }
}
export const runColumns = `workspace_id, id, project_id, title, current_phase, error, input_tokens,
  output_tokens, total_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, step_count,
  started_at, finished_at, created_at, updated_at`;

export function* invocationLines(batch: Batch) {
  for (let r = 0; r < batch.runCount; r++) {
    const g = batch.firstRun + r;
    const runId = timeOrderedId(runStart(batch, r), tag.run, g);
    const root = invocationOf(batch, r, 0);
    for (let j = 0; j < batch.invocationsPerRun; j++) {
      const inv = invocationOf(batch, r, j);
      const type =
        j === 0 ? "orchestrator" : pick(agentTypes, [0, 30, 40, 20, 10], fraction(inv.serial, 6));
      const agents = batch.agentIds[type];
      const agentId = fraction(inv.serial, 7) < 0.1 ? N : (agents[inv.serial % agents.length] ?? N);
      const roll = fraction(inv.serial, 8);
      const status = inv.live
        ? "running"
        : roll < 0.03
          ? "failed"
          : roll < 0.04
            ? "cancelled"
            : "completed";
      const end = inv.start + stepsPerInvocation * stepGapMs;
      yield line([
        batch.workspaceId,
        inv.id,
        type,
        agentId,
        j === 0 ? N : root.id,
        runId,
        inv.model,
        status,
        '{"prompt":"do the next thing"}',
        status === "failed" ? "the model gave up" : N,
        ...invocationTokens(inv.serial),
        stepsPerInvocation,
        iso(inv.start),
        inv.live ? N : iso(end),
        iso(inv.start),
        iso(inv.live ? inv.start : end),
      ]);
    }
  }
}
export const invocationColumns = `workspace_id, id, agent_type, agent_id, parent_invocation_id,
  run_id, model, status, input, error, input_tokens, output_tokens, total_tokens, reasoning_tokens,
  cache_read_tokens, cache_write_tokens, step_count, started_at, finished_at, created_at, updated_at`;

function* eachStep(batch: Batch) {
  for (let r = 0; r < batch.runCount; r++) {
    for (let j = 0; j < batch.invocationsPerRun; j++) {
      const inv = invocationOf(batch, r, j);
      for (let k = 0; k < stepsPerInvocation; k++) {
        const serial = inv.serial * stepsPerInvocation + k;
        const start = inv.start + k * stepGapMs;
        yield { inv, k, serial, start, id: timeOrderedId(start, tag.step, serial) };
      }
    }
  }
}

export function* stepLines(batch: Batch) {
  for (const { inv, k, serial, start, id } of eachStep(batch)) {
    const last = k === stepsPerInvocation - 1;
    yield line([
      batch.workspaceId,
      id,
      inv.id,
      k,
      last ? "done" : N,
      last ? "stop" : "tool-calls",
      ...stepTokens(serial),
      inv.model,
      iso(start),
      iso(start + 1_200),
      iso(start + 1_200),
    ]);
  }
}
export const stepColumns = `workspace_id, id, invocation_id, step_number, text, finish_reason,
  input_tokens, output_tokens, total_tokens, reasoning_tokens, cache_read_tokens,
  cache_write_tokens, model, started_at, finished_at, created_at`;

export function* toolCallLines(batch: Batch) {
  for (const step of eachStep(batch)) {
    for (let m = 0; m < toolCallsPerStep; m++) {
      const serial = step.serial * toolCallsPerStep + m;
      const start = step.start + m * toolCallGapMs;
      const roll = fraction(serial, 9);
      const open = step.inv.live && step.k === stepsPerInvocation - 1;
      const [outputType, status, output, error] = open
        ? [N, "running", N, N]
        : roll < 0.01
          ? ["error-text", "failed", '"exit code 1"', "exit code 1"]
          : roll < 0.02
            ? ["error-json", "failed", '{"error":"timeout"}', "timeout"]
            : roll < 0.025
              ? ["execution-denied", "failed", '{"reason":"not allowed"}', N]
              : roll < 0.6
                ? ["json", "completed", '{"ok":true,"lines":12}', N]
                : ["text", "completed", '"ok"', N];
      yield line([
        batch.workspaceId,
        timeOrderedId(start, tag.toolCall, serial),
        step.inv.id,
        step.id,
        `call_${serial}`,
        pick(toolNames, [25, 10, 10, 15, 8, 12, 5, 3, 4, 5, 2, 1], fraction(serial, 16)),
        '{"path":"src/index.ts"}',
        outputType,
        output,
        error,
        status,
        iso(start),
        open ? N : iso(start + 250),
        iso(start),
        iso(open ? start : start + 250),
      ]);
    }
  }
}
export const toolCallColumns = `workspace_id, id, invocation_id, step_id, tool_call_id, tool_name,
  input, output_type, output, error, status, started_at, finished_at, created_at, updated_at`;

/** One approval asked in every tenth invocation; most are answered. */
export function* ctaLines(batch: Batch) {
  for (let r = 0; r < batch.runCount; r++) {
    const g = batch.firstRun + r;
    const runId = timeOrderedId(runStart(batch, r), tag.run, g);
    for (let j = 5; j < batch.invocationsPerRun; j += 10) {
      const inv = invocationOf(batch, r, j);
      const roll = fraction(inv.serial, 17);
      const status =
        inv.live || roll < 0.03
          ? "pending"
          : roll < 0.06
            ? "cancelled"
            : roll < 0.1
              ? "expired"
              : "answered";
      const answered = status === "answered";
      yield line([
        batch.workspaceId,
        timeOrderedId(inv.start, tag.cta, inv.serial),
        runId,
        inv.id,
        "approval",
        "May I push the branch?",
        status,
        answered ? '{"approved":true}' : N,
        answered ? iso(inv.start + 60_000) : N,
        iso(inv.start),
        iso(answered ? inv.start + 60_000 : inv.start),
      ]);
    }
  }
}
export const ctaColumns = `workspace_id, id, run_id, invocation_id, kind, prompt, status, response,
  answered_at, created_at, updated_at`;

/** An event that could not be applied, for every other run. */
export function* deadLetterLines(batch: Batch) {
  for (let r = 0; r < batch.runCount; r += 2) {
    const g = batch.firstRun + r;
    const at = runStart(batch, r);
    yield line([
      batch.workspaceId,
      timeOrderedId(at, tag.deadLetter, g),
      pick(
        ["tool_call.finished", "step.finished", "invocation.started"],
        [3, 2, 1],
        fraction(g, 18),
      ),
      '{"type":"tool_call.finished"}',
      "its step never arrived",
      5,
      iso(at),
      iso(at + 600_000),
    ]);
  }
}
export const deadLetterColumns =
  "workspace_id, event_id, event_type, payload, reason, attempts, received_at, dead_at";
