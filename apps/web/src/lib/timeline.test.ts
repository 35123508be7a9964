import { describe, expect, it } from "vitest";
import { layoutTimeline, minBarWidth, type TimelineItem } from "./timeline";

const t0 = Date.parse("2026-01-31T12:00:00.000Z");
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

function invocation(
  id: string,
  start: number | null,
  finish: number | null,
  parent: string | null = null,
): TimelineItem {
  return {
    id,
    parentInvocationId: parent,
    startedAt: start === null ? null : at(start),
    finishedAt: finish === null ? null : at(finish),
  };
}

const ids = (layout: ReturnType<typeof layoutTimeline>) => layout.rows.map((row) => row.item.id);
const row = (layout: ReturnType<typeof layoutTimeline>, id: string) => {
  const found = layout.rows.find((candidate) => candidate.item.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe("layoutTimeline", () => {
  it("nests children under their parent, siblings by start", () => {
    const layout = layoutTimeline(
      [
        invocation("late-child", 60, 80, "root"),
        invocation("grandchild", 15, 20, "early-child"),
        invocation("root", 0, 100),
        invocation("early-child", 10, 50, "root"),
        invocation("second-root", 50, 70),
      ],
      t0 + 1_000_000,
    );
    expect(ids(layout)).toEqual(["root", "early-child", "grandchild", "late-child", "second-root"]);
    expect(layout.rows.map((r) => r.depth)).toEqual([0, 1, 2, 1, 0]);
  });

  it("positions bars in percent of the window from first start to last finish", () => {
    const layout = layoutTimeline(
      [invocation("root", 0, 100), invocation("child", 25, 75, "root")],
      t0 + 1_000_000,
    );
    expect(layout.startMs).toBe(t0);
    expect(layout.endMs).toBe(t0 + 100_000);
    expect(row(layout, "root")).toMatchObject({ left: 0, width: 100, unfinished: false });
    expect(row(layout, "child")).toMatchObject({ left: 25, width: 50 });
  });

  it("runs an unfinished bar to now, which widens the window", () => {
    const now = t0 + 200_000;
    const layout = layoutTimeline(
      [invocation("root", 0, null), invocation("done", 0, 100, "root")],
      now,
    );
    expect(layout.endMs).toBe(now);
    expect(row(layout, "root")).toMatchObject({ left: 0, width: 100, unfinished: true });
    expect(row(layout, "done").width).toBe(50);
  });

  it("gives a zero-length bar a minimum visible width inside the window", () => {
    const layout = layoutTimeline(
      [invocation("root", 0, 100), invocation("instant", 100, 100, "root")],
      t0,
    );
    const instant = row(layout, "instant");
    expect(instant.width).toBe(minBarWidth);
    expect(instant.left + instant.width).toBeLessThanOrEqual(100);
    expect(instant.left).toBeCloseTo(100 - minBarWidth);
  });

  it("shows a single instant as a full-width bar rather than dividing by zero", () => {
    const layout = layoutTimeline([invocation("only", 5, 5)], t0);
    expect(layout.rows[0]).toMatchObject({ left: 0, width: 100 });
    expect(Number.isFinite(layout.rows[0]?.left)).toBe(true);
  });

  it("shows an invocation whose parent is missing as a root", () => {
    const layout = layoutTimeline(
      [invocation("orphan", 10, 20, "never-arrived"), invocation("root", 0, 30)],
      t0,
    );
    expect(ids(layout)).toEqual(["root", "orphan"]);
    expect(row(layout, "orphan").depth).toBe(0);
  });

  it("shows each invocation of a parent cycle once, entering at the earliest", () => {
    const layout = layoutTimeline(
      [
        invocation("a", 10, 20, "c"),
        invocation("b", 5, 20, "a"),
        invocation("c", 12, 20, "b"),
        invocation("self", 1, 2, "self"),
        invocation("root", 0, 30),
      ],
      t0,
    );
    expect(ids(layout).sort()).toEqual(["a", "b", "c", "root", "self"]);
    expect(ids(layout).slice(0, 1)).toEqual(["root"]);
    expect(ids(layout).slice(2)).toEqual(["b", "c", "a"]);
    expect(layout.rows.map((r) => r.depth)).toEqual([0, 0, 0, 1, 2]);
  });

  it("places an invocation with no times at the window start and copes with none at all", () => {
    const now = t0 + 50_000;
    const layout = layoutTimeline(
      [invocation("root", 10, 20), invocation("untimed", null, null)],
      now,
    );
    expect(row(layout, "untimed").startMs).toBe(t0 + 10_000);
    expect(row(layout, "untimed").unfinished).toBe(true);
    expect(layoutTimeline([], now)).toEqual({ rows: [], startMs: now, endMs: now });
  });

  it("never draws a negative bar when a finish precedes its start", () => {
    const layout = layoutTimeline([invocation("skewed", 20, 10), invocation("root", 0, 30)], t0);
    expect(row(layout, "skewed").width).toBe(minBarWidth);
  });

  it("lays out a chain thousands deep without exhausting the stack", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      invocation(`n${i}`, i, i + 1, i === 0 ? null : `n${i - 1}`),
    );
    const layout = layoutTimeline(chain, t0);
    expect(layout.rows).toHaveLength(20_000);
    expect(layout.rows.at(-1)?.depth).toBe(19_999);
  });
});
