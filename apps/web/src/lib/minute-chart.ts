/** A bar of the per-minute chart: the minute it starts, its count, and its height from 0 to 1. */
export type MinuteBar = { minute: string; events: number; height: number };

const minuteMs = 60_000;

/**
 * The last `span` minutes as bars, oldest first. The window ends at the newest point, since the
 * minutes are the database's and the browser's clock may differ from it; with no points at all
 * it ends at `now`'s minute. A minute without a point is a bar of zero, not a gap. Heights are
 * relative to the busiest minute; a quiet half hour is all zeros, not a division by zero.
 */
export function toMinuteBars(
  points: readonly { minute: string; events: number }[],
  { now = Date.now(), span = 30 }: { now?: number; span?: number } = {},
): MinuteBar[] {
  const counts = new Map<number, number>();
  for (const point of points) {
    const at = Date.parse(point.minute);
    if (!Number.isFinite(at)) continue;
    const start = Math.floor(at / minuteMs) * minuteMs;
    counts.set(start, (counts.get(start) ?? 0) + point.events);
  }
  const newest =
    counts.size > 0 ? Math.max(...counts.keys()) : Math.floor(now / minuteMs) * minuteMs;
  const starts = Array.from({ length: span }, (_, index) => newest - (span - 1 - index) * minuteMs);
  const peak = Math.max(0, ...starts.map((start) => counts.get(start) ?? 0));
  return starts.map((start) => {
    const events = counts.get(start) ?? 0;
    return {
      minute: new Date(start).toISOString(),
      events,
      height: peak === 0 ? 0 : events / peak,
    };
  });
}
