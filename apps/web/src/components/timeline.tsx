import { memo, useMemo } from "react";
import { agentLabel } from "../lib/agent-label";
import type { InvocationSkeleton } from "../lib/api-types";
import { formatCount, formatDuration } from "../lib/format";
import { layoutTimeline } from "../lib/timeline";
import { useNow } from "../lib/use-now";

/**
 * The invocation tree as a waterfall: a row per invocation, indented under its parent, its bar
 * placed by start and finish on the run's time window. A bar is a button that opens the
 * invocation and brings its steps into view.
 */
export const Timeline = memo(function Timeline({
  invocations,
  selectedId,
  onSelect,
}: {
  invocations: readonly InvocationSkeleton[];
  selectedId: string | null;
  onSelect: (invocationId: string) => void;
}) {
  const ticking = invocations.some((invocation) => invocation.finishedAt === null);
  const now = useNow(ticking);
  const layout = useMemo(() => layoutTimeline(invocations, now), [invocations, now]);
  if (layout.rows.length === 0) return <p className="muted">No invocations recorded yet.</p>;
  const total = layout.endMs - layout.startMs;
  return (
    <div className="timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span />
        <span className="timeline-ticks">
          <span>0</span>
          <span>{formatDuration(total / 2)}</span>
          <span>{formatDuration(total)}</span>
        </span>
      </div>
      <ol className="timeline-rows" aria-label="Invocations by start">
        {layout.rows.map(({ item, depth, left, width, unfinished, startMs, endMs }) => (
          <li key={item.id}>
            <button
              type="button"
              className="timeline-row"
              aria-pressed={item.id === selectedId}
              onClick={() => onSelect(item.id)}
              title={`${agentLabel(item)} · ${item.model ?? "no model"} · ${item.status} · ${formatDuration(endMs - startMs)}`}
            >
              <span className="timeline-label" style={{ paddingLeft: `${Math.min(depth, 12)}em` }}>
                <span className="timeline-agent">{agentLabel(item)}</span>
                <span className="muted">{item.model ?? "—"}</span>
                <span className={`badge status-${item.status}`}>
                  {item.status}
                  {item.hasError ? " !" : ""}
                </span>
                <span className="muted">{formatCount(item.totalTokens)} tok</span>
              </span>
              <span className="timeline-track">
                <span
                  data-testid="timeline-bar"
                  className={`timeline-bar bar-${item.status}${unfinished ? " bar-unfinished" : ""}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
});
