import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import {
  fromLocalDateTime,
  hasRunFilters,
  maxTitleLength,
  noRunFilters,
  phaseLabel,
  type RunFilters,
  runPhases,
  runStatuses,
  statusLabel,
  toLocalDateTime,
} from "../lib/run-filters";
import { useTRPC } from "../trpc";

/**
 * The runs list's filters. Choices apply as they change; the title applies on Enter or
 * "Search", so typing does not fire a query per key.
 */
export function RunFilterForm({
  filters,
  onChange,
}: {
  filters: RunFilters;
  onChange: (next: RunFilters) => void;
}) {
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 100 }));
  const [title, setTitle] = useState(filters.title);
  useEffect(() => setTitle(filters.title), [filters.title]);

  const set = (change: Partial<RunFilters>) => onChange({ ...filters, ...change });
  function submit(event: FormEvent) {
    event.preventDefault();
    set({ title });
  }

  const projectItems = projects.data?.items ?? [];
  const selectedUnlisted =
    filters.projectId !== null && !projectItems.some((project) => project.id === filters.projectId);

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter runs">
      <label>
        Title contains
        <span className="inline">
          <input
            type="search"
            name="q"
            value={title}
            maxLength={maxTitleLength}
            placeholder="Any title"
            onChange={(event) => setTitle(event.target.value)}
          />
          <button type="submit">Search</button>
        </span>
      </label>
      <label>
        Status
        <select
          name="status"
          value={filters.status ?? ""}
          onChange={(event) =>
            set({ status: runStatuses.find((status) => status === event.target.value) ?? null })
          }
        >
          <option value="">Any</option>
          {runStatuses.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Phase
        <select
          name="phase"
          value={filters.phase ?? ""}
          onChange={(event) =>
            set({ phase: runPhases.find((phase) => phase === event.target.value) ?? null })
          }
        >
          <option value="">Any</option>
          {runPhases.map((phase) => (
            <option key={phase} value={phase}>
              {phaseLabel(phase)}
            </option>
          ))}
        </select>
      </label>
      {projectItems.length > 0 || selectedUnlisted ? (
        <label>
          Project
          <select
            name="project"
            value={filters.projectId ?? ""}
            onChange={(event) => set({ projectId: event.target.value || null })}
          >
            <option value="">Any</option>
            {selectedUnlisted ? (
              <option value={filters.projectId ?? ""}>The linked project</option>
            ) : null}
            {projectItems.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <InstantInput
        label="Created from"
        name="from"
        value={filters.from}
        onChange={(from) => set({ from })}
      />
      <InstantInput
        label="Created before"
        name="to"
        value={filters.to}
        onChange={(to) => set({ to })}
      />
      {hasRunFilters(filters) ? (
        <button type="button" onClick={() => onChange(noRunFilters)}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}

/**
 * A `datetime-local` bound that applies once it holds a whole date and time, or when left: a
 * half-typed value reads as empty and must not wipe what is being typed.
 */
function InstantInput({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string | null;
  onChange: (iso: string | null) => void;
}) {
  const [draft, setDraft] = useState(toLocalDateTime(value));
  useEffect(() => setDraft(toLocalDateTime(value)), [value]);
  const apply = (local: string) => {
    const iso = fromLocalDateTime(local);
    if (iso !== value) onChange(iso);
  };
  return (
    <label>
      {label}
      <input
        type="datetime-local"
        name={name}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          if (fromLocalDateTime(event.target.value)) apply(event.target.value);
        }}
        onBlur={() => apply(draft)}
      />
    </label>
  );
}
