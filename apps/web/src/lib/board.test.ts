import { describe, expect, it } from "vitest";
import { groupIntoColumns } from "./board";

const order = ["unassigned", "assigned", "in_progress", "blocked", "completed"];
const task = (id: string, delegationStatus: string) => ({ id, delegationStatus });

describe("groupIntoColumns", () => {
  it("gives every status a column, in order, even an empty one", () => {
    const columns = groupIntoColumns([], order);
    expect(columns.map((column) => column.status)).toEqual(order);
    expect(columns.every((column) => column.tasks.length === 0)).toBe(true);
  });

  it("puts each task in its status's column, keeping the order given", () => {
    const columns = groupIntoColumns(
      [task("a", "blocked"), task("b", "unassigned"), task("c", "blocked"), task("d", "completed")],
      order,
    );
    const ids = Object.fromEntries(
      columns.map((column) => [column.status, column.tasks.map((t) => t.id)]),
    );
    expect(ids).toEqual({
      unassigned: ["b"],
      assigned: [],
      in_progress: [],
      blocked: ["a", "c"],
      completed: ["d"],
    });
  });

  it("adds a column after the known ones for a status it does not know, losing no task", () => {
    const columns = groupIntoColumns([task("a", "review"), task("b", "assigned")], order);
    expect(columns.map((column) => column.status)).toEqual([...order, "review"]);
    expect(columns.at(-1)?.tasks.map((t) => t.id)).toEqual(["a"]);
  });
});
