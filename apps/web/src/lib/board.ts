/** One column of a task board: the tasks whose delegation is at `status`. */
export type BoardColumn<T> = { status: string; tasks: T[] };

/**
 * Puts each task in the column of its delegation status, columns in `order` and tasks in the
 * order given. A status the console does not know yet still gets a column, after the known
 * ones, so a task is never silently missing from the board.
 */
export function groupIntoColumns<T extends { delegationStatus: string }>(
  tasks: readonly T[],
  order: readonly string[],
): BoardColumn<T>[] {
  const columns = new Map<string, T[]>(order.map((status) => [status, []]));
  for (const task of tasks) {
    const column = columns.get(task.delegationStatus);
    if (column) column.push(task);
    else columns.set(task.delegationStatus, [task]);
  }
  return [...columns].map(([status, inColumn]) => ({ status, tasks: inColumn }));
}
