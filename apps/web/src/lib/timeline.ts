/** What a timeline needs of an invocation. */
export type TimelineItem = {
  id: string;
  parentInvocationId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export type TimelineRow<T> = {
  item: T;
  /** 0 for a root; a child sits one deeper than its parent. */
  depth: number;
  /** Where the bar starts and how long it is, in percent of the window. */
  left: number;
  width: number;
  /** No finish recorded: the bar runs to `now`. */
  unfinished: boolean;
  startMs: number;
  endMs: number;
};

export type TimelineLayout<T> = {
  /** Parents before their children, siblings by start. */
  rows: TimelineRow<T>[];
  startMs: number;
  endMs: number;
};

/** A bar never narrower than this (percent), so an instant still shows and can be clicked. */
export const minBarWidth = 0.6;

function parseTime(iso: string | null): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/**
 * Lays invocations out as a waterfall: one row each, nested under its parent, positioned on a
 * window from the earliest start to the latest finish (an unfinished one runs to `now`).
 * Telemetry arrives in any order and parents are not enforced, so an invocation whose parent
 * is not among `items` is shown as a root, and one caught in a parent cycle is shown once,
 * under the earliest of its cycle.
 */
export function layoutTimeline<T extends TimelineItem>(
  items: readonly T[],
  now: number,
  minWidth = minBarWidth,
): TimelineLayout<T> {
  const spans = items.map((item) => {
    const started = parseTime(item.startedAt);
    const finished = parseTime(item.finishedAt);
    return { item, started, finished };
  });
  // Reduced, not spread: an argument list of many thousands would overflow.
  const windowStart = spans.reduce(
    (earliest, { started, finished }) => Math.min(earliest, started ?? finished ?? earliest),
    spans.some(({ started, finished }) => (started ?? finished) !== null) ? Infinity : now,
  );
  const timed = spans.map(({ item, started, finished }) => {
    const startMs = started ?? finished ?? windowStart;
    // A clock that ran backwards must not make a negative bar.
    const endMs = Math.max(finished ?? now, startMs);
    return { item, startMs, endMs, unfinished: finished === null };
  });
  const windowEnd = timed.reduce((latest, { endMs }) => Math.max(latest, endMs), windowStart);
  const span = windowEnd - windowStart;

  const order = nestByParent(timed);
  const rows = order.map(({ index, depth }): TimelineRow<T> => {
    const { item, startMs, endMs, unfinished } = timed[index] as (typeof timed)[number];
    const width =
      span > 0 ? Math.max(((endMs - startMs) / span) * 100, minWidth) : Math.max(minWidth, 100);
    const left = span > 0 ? ((startMs - windowStart) / span) * 100 : 0;
    return {
      item,
      depth,
      left: Math.max(0, Math.min(left, 100 - width)),
      width: Math.min(width, 100),
      unfinished,
      startMs,
      endMs,
    };
  });
  return { rows, startMs: windowStart, endMs: windowEnd };
}

type Timed = { item: TimelineItem; startMs: number };

/** Indexes of `timed` in depth-first order (parent, then its children by start) with depths. */
function nestByParent(timed: readonly Timed[]): { index: number; depth: number }[] {
  const byStart = (a: number, b: number) => {
    const left = timed[a] as Timed;
    const right = timed[b] as Timed;
    return left.startMs - right.startMs || (left.item.id < right.item.id ? -1 : 1);
  };
  const ids = new Set(timed.map(({ item }) => item.id));
  const children = new Map<string, number[]>();
  const roots: number[] = [];
  timed.forEach(({ item }, index) => {
    const parent = item.parentInvocationId;
    if (parent === null || !ids.has(parent)) {
      roots.push(index);
      return;
    }
    const siblings = children.get(parent);
    if (siblings) siblings.push(index);
    else children.set(parent, [index]);
  });
  for (const siblings of children.values()) siblings.sort(byStart);

  const visited = new Set<number>();
  const order: { index: number; depth: number }[] = [];
  // An explicit stack: a chain of thousands of nested invocations must not overflow the call stack.
  const walk = (root: number) => {
    const stack = [{ index: root, depth: 0 }];
    while (stack.length > 0) {
      const next = stack.pop() as { index: number; depth: number };
      if (visited.has(next.index)) continue;
      visited.add(next.index);
      order.push(next);
      const own = children.get((timed[next.index] as Timed).item.id) ?? [];
      for (let i = own.length - 1; i >= 0; i--) {
        stack.push({ index: own[i] as number, depth: next.depth + 1 });
      }
    }
  };
  for (const root of roots.sort(byStart)) walk(root);
  // Whatever no root reaches hangs in a parent cycle: each cycle is entered at its earliest.
  const unreached = timed.map((_, index) => index).filter((index) => !visited.has(index));
  for (const index of unreached.sort(byStart)) walk(index);
  return order;
}
