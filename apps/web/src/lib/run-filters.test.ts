import { describe, expect, it } from "vitest";
import {
  formatRunFilters,
  fromLocalDateTime,
  hasRunFilters,
  noRunFilters,
  parseRunFilters,
  type RunFilters,
  runStatusOf,
  toLocalDateTime,
  toRunsListInput,
} from "./run-filters";

const projectId = "0195f3a2-7c1e-7d4a-9b2f-3c4d5e6f7a8b";
const full: RunFilters = {
  status: "running",
  phase: "judging",
  projectId,
  title: "fix login",
  from: "2026-01-31T12:00:00.000Z",
  to: "2026-02-01T00:00:00.000Z",
};

describe("run filters", () => {
  it("map every field to runs.list input and leave empty ones out", () => {
    expect(toRunsListInput(full)).toEqual({
      status: "running",
      currentPhase: "judging",
      projectId,
      titleContains: "fix login",
      from: "2026-01-31T12:00:00.000Z",
      to: "2026-02-01T00:00:00.000Z",
    });
    expect(toRunsListInput(noRunFilters)).toEqual({});
    expect(toRunsListInput({ ...noRunFilters, title: "   " })).toEqual({});
  });

  it("trim the title and cut it to what the API takes", () => {
    expect(toRunsListInput({ ...noRunFilters, title: "  deploy  " })).toEqual({
      titleContains: "deploy",
    });
    const long = "x".repeat(250);
    expect(toRunsListInput({ ...noRunFilters, title: long }).titleContains).toHaveLength(200);
  });

  it("survive a round trip through the URL", () => {
    expect(parseRunFilters(formatRunFilters(full))).toEqual(full);
    expect(parseRunFilters(`?${formatRunFilters(full)}`)).toEqual(full);
    expect(parseRunFilters(formatRunFilters(noRunFilters))).toEqual(noRunFilters);
  });

  it("write an empty search string for no filters, and a stable order otherwise", () => {
    expect(formatRunFilters(noRunFilters)).toBe("");
    expect(hasRunFilters(noRunFilters)).toBe(false);
    expect(hasRunFilters({ ...noRunFilters, phase: "pr" })).toBe(true);
    expect(formatRunFilters({ ...noRunFilters, title: "a&b=c", status: "failed" })).toBe(
      "status=failed&q=a%26b%3Dc",
    );
  });

  it("drop from a hand-edited link what the API would refuse", () => {
    const parsed = parseRunFilters(
      "status=paused&phase=deploy&project=not-a-uuid&from=yesterday&to=10000-01-01T00:00:00Z&q=%20%20",
    );
    expect(parsed).toEqual(noRunFilters);
  });

  it("read instants with an offset as UTC and ignore unknown parameters", () => {
    const parsed = parseRunFilters("from=2026-01-31T14:00:00%2B02:00&key=stw_secret&utm=x");
    expect(parsed.from).toBe("2026-01-31T12:00:00.000Z");
    expect(formatRunFilters(parsed)).toBe("from=2026-01-31T12%3A00%3A00.000Z");
  });

  it("tell a run's status from its phase", () => {
    expect(runStatusOf("analysis")).toBe("running");
    expect(runStatusOf("pr")).toBe("running");
    expect(runStatusOf("completed")).toBe("completed");
    expect(runStatusOf("failed")).toBe("failed");
  });
});

describe("datetime-local values", () => {
  it("round-trip an instant at minute precision in the local zone", () => {
    const iso = "2026-03-29T01:30:00.000Z";
    const local = toLocalDateTime(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalDateTime(local)).toBe(iso);
  });

  it("read a blank or malformed value as no bound", () => {
    expect(fromLocalDateTime("")).toBeNull();
    expect(fromLocalDateTime("2026-13-45")).toBeNull();
    expect(toLocalDateTime(null)).toBe("");
    expect(toLocalDateTime("garbage")).toBe("");
  });

  it("keep early years as written rather than reading them as 19xx", () => {
    const iso = fromLocalDateTime("0042-06-01T12:00");
    expect(iso).not.toBeNull();
    expect(toLocalDateTime(iso)).toBe("0042-06-01T12:00");
  });
});
