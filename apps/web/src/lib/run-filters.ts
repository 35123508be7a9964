import type { RunsListInput } from "./api-types";

export type RunStatus = NonNullable<RunsListInput["status"]>;
export type RunPhase = NonNullable<RunsListInput["currentPhase"]>;

// Records rather than arrays, so the compiler names a value the API adds or drops.
const phaseLabels: Record<RunPhase, string> = {
  analysis: "Analysis",
  approaches: "Approaches",
  judging: "Judging",
  implementation: "Implementation",
  pr: "Pull request",
  completed: "Completed",
  failed: "Failed",
};
const statusLabels: Record<RunStatus, string> = {
  running: "Running",
  completed: "Completed",
  failed: "Failed",
};

/** Phases in pipeline order, `failed` last. */
export const runPhases = Object.keys(phaseLabels) as RunPhase[];
export const runStatuses = Object.keys(statusLabels) as RunStatus[];
export const phaseLabel = (phase: RunPhase) => phaseLabels[phase];
export const statusLabel = (status: RunStatus) => statusLabels[status];

/** Where a run stands, as `runs.list` filters it: any phase not final is running. */
export function runStatusOf(phase: RunPhase): RunStatus {
  return phase === "completed" || phase === "failed" ? phase : "running";
}

/**
 * What the runs list is filtered by. The URL holds exactly this, so a filtered view can be
 * linked; it names only filter values, never a key or anything else secret.
 */
export type RunFilters = {
  status: RunStatus | null;
  phase: RunPhase | null;
  projectId: string | null;
  /** Part of the title, any case; "" for none. */
  title: string;
  /** When the run was created: `from` included, `to` not, as ISO instants. */
  from: string | null;
  to: string | null;
};

export const noRunFilters: RunFilters = {
  status: null,
  phase: null,
  projectId: null,
  title: "",
  from: null,
  to: null,
};

/** The API takes at most this many characters of title (after trimming). */
export const maxTitleLength = 200;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

/** An instant the API can store (years 1–9999) as canonical ISO text, or null. */
function normalizeInstant(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date.toISOString() : null;
}

/**
 * A URL search string as filters. A hand-edited link may say anything: a value the API would
 * refuse is dropped rather than sent, so a bad link shows a wider list instead of an error.
 */
export function parseRunFilters(search: string): RunFilters {
  const params = new URLSearchParams(search);
  const projectId = params.get("project");
  return {
    status: oneOf(runStatuses, params.get("status")),
    phase: oneOf(runPhases, params.get("phase")),
    projectId: projectId && uuid.test(projectId) ? projectId.toLowerCase() : null,
    title: (params.get("q") ?? "").trim().slice(0, maxTitleLength),
    from: normalizeInstant(params.get("from")),
    to: normalizeInstant(params.get("to")),
  };
}

/** Filters as a URL search string (no leading `?`), empty values left out, in a fixed order. */
export function formatRunFilters(filters: RunFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.phase) params.set("phase", filters.phase);
  if (filters.projectId) params.set("project", filters.projectId);
  const title = filters.title.trim();
  if (title) params.set("q", title);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  return params.toString();
}

export type RunsFilterInput = Omit<RunsListInput, "cursor" | "limit">;

/**
 * Filters as `runs.list` input. Only set fields appear, so equal filters make equal query keys
 * and the cache is shared between the list and a link to it.
 */
export function toRunsListInput(filters: RunFilters): RunsFilterInput {
  const input: RunsFilterInput = {};
  if (filters.status) input.status = filters.status;
  if (filters.phase) input.currentPhase = filters.phase;
  if (filters.projectId) input.projectId = filters.projectId;
  const title = filters.title.trim().slice(0, maxTitleLength);
  if (title) input.titleContains = title;
  if (filters.from) input.from = filters.from;
  if (filters.to) input.to = filters.to;
  return input;
}

export function hasRunFilters(filters: RunFilters): boolean {
  return formatRunFilters(filters) !== "";
}

const pad = (value: number) => String(value).padStart(2, "0");

/** An ISO instant as a `datetime-local` input's value, in this browser's time zone. */
export function toLocalDateTime(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${String(date.getFullYear()).padStart(4, "0")}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) as an ISO instant, or null when blank. */
export function fromLocalDateTime(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
  const date = new Date(0);
  date.setFullYear(year ?? 0, (month ?? 1) - 1, day ?? 1);
  date.setHours(hours ?? 0, minutes ?? 0, Number.isNaN(seconds) ? 0 : (seconds ?? 0), 0);
  return normalizeInstant(date.toISOString());
}
