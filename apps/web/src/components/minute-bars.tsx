import { formatCount } from "../lib/format";
import { toMinuteBars } from "../lib/minute-chart";

const clock = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });

/**
 * Events applied per minute over the last half hour, as plain bars: one per minute, scaled to
 * the busiest. The summary a screen reader hears is the total and the peak.
 */
export function MinuteBars({ points }: { points: readonly { minute: string; events: number }[] }) {
  const bars = toMinuteBars(points);
  const total = bars.reduce((sum, bar) => sum + bar.events, 0);
  const peak = Math.max(0, ...bars.map((bar) => bar.events));
  return (
    <figure className="minute-chart">
      <div
        className="minute-bars"
        role="img"
        aria-label={`Events applied per minute, last ${bars.length} minutes: ${formatCount(total)} in all, at most ${formatCount(peak)} in one minute`}
      >
        {bars.map((bar) => (
          <div
            key={bar.minute}
            className="minute-bar"
            title={`${clock.format(new Date(bar.minute))}: ${formatCount(bar.events)} events`}
          >
            <div
              className="minute-bar-fill"
              // A minute with any event stays visible next to a very busy one.
              style={{ height: bar.events > 0 ? `max(2px, ${bar.height * 100}%)` : 0 }}
            />
          </div>
        ))}
      </div>
      <figcaption>
        <span>{bars[0] ? clock.format(new Date(bars[0].minute)) : ""}</span>
        <span>
          peak {formatCount(peak)}/min · {formatCount(total)} in {bars.length} min
        </span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
