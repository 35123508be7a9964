import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { InvocationSkeleton, StepSkeleton, ToolCallSkeleton } from "../lib/api-types";
import { formatCount } from "../lib/format";
import { buildStepRows } from "../lib/step-rows";
import { layoutTimeline } from "../lib/timeline";
import { autoLoadStepLimit, useAutoLoadPages } from "../lib/use-auto-load-pages";
import { ErrorNote } from "./error-note";
import { InvocationDetails } from "./invocation-details";
import { StepDetails } from "./step-details";
import { StepList } from "./step-list";
import { Timeline } from "./timeline";

/** The step pages of a skeleton query, as the infinite query reports them. */
type StepPaging = {
  hasNextPage: boolean;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
};

type Selection = { kind: "step" | "invocation"; id: string } | null;

/**
 * What a run and a trace show alike: the invocation waterfall, the steps under their
 * invocations, and the step or invocation opened. Steps beyond the first page load in the
 * background up to a bound, then on request.
 */
export function TraceView({
  invocations,
  steps,
  toolCalls,
  totalSteps,
  paging,
}: {
  invocations: InvocationSkeleton[];
  steps: StepSkeleton[];
  toolCalls: ToolCallSkeleton[];
  totalSteps: number;
  paging: StepPaging;
}) {
  const [selection, setSelection] = useState<Selection>(null);
  const [focusInvocation, setFocusInvocation] = useState<{ id: string } | null>(null);
  useAutoLoadPages(paging, steps.length);

  // Only the order matters here, which does not move with the clock.
  const ordered = useMemo(() => layoutTimeline(invocations, 0).rows, [invocations]);
  const rows = useMemo(() => buildStepRows(ordered, steps, toolCalls), [ordered, steps, toolCalls]);
  // Side by side the details are in view already; stacked on a phone they sit below the list.
  const detailsPane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selection && window.matchMedia("(max-width: 800px)").matches) {
      detailsPane.current?.scrollIntoView({ block: "start" });
    }
  }, [selection]);
  const selectStep = useCallback((id: string) => setSelection({ kind: "step", id }), []);
  const selectInvocation = useCallback((id: string) => {
    setSelection({ kind: "invocation", id });
    setFocusInvocation({ id });
  }, []);

  const opened = useMemo(() => {
    if (selection?.kind === "step") {
      const row = rows.find((r) => r.kind === "step" && r.step.id === selection.id);
      return row?.kind === "step" ? row : null;
    }
    return null;
  }, [rows, selection]);
  const openedInvocation =
    selection?.kind === "invocation"
      ? (invocations.find((invocation) => invocation.id === selection.id) ?? null)
      : null;

  return (
    <section className="trace-view" aria-label="Invocations and steps">
      <h2>Timeline</h2>
      <Timeline
        invocations={invocations}
        selectedId={openedInvocation?.id ?? null}
        onSelect={selectInvocation}
      />
      <div className="trace-panes">
        <div className="trace-steps">
          <h2>
            Steps{" "}
            <span className="muted">
              {steps.length < totalSteps
                ? `${formatCount(steps.length)} of ${formatCount(totalSteps)} loaded`
                : formatCount(steps.length)}
            </span>
          </h2>
          <StepList
            rows={rows}
            selectedStepId={opened?.step.id ?? null}
            onSelect={selectStep}
            focusInvocation={focusInvocation}
          />
          <MoreSteps paging={paging} loaded={steps.length} />
        </div>
        <div className="trace-details" ref={detailsPane}>
          {opened ? (
            <StepDetails key={opened.step.id} step={opened.step} toolCalls={opened.toolCalls} />
          ) : openedInvocation ? (
            <InvocationDetails key={openedInvocation.id} invocation={openedInvocation} />
          ) : (
            <p className="muted details-placeholder">
              Select a step to read its text and tool calls, or a bar in the timeline to open an
              invocation.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

function MoreSteps({ paging, loaded }: { paging: StepPaging; loaded: number }) {
  if (!paging.hasNextPage) return null;
  if (paging.isFetchingNextPage) return <p className="muted">Loading more steps…</p>;
  if (paging.isFetchNextPageError || loaded >= autoLoadStepLimit) {
    return (
      <div className="more">
        {paging.isFetchNextPageError ? <ErrorNote error={paging.error} /> : null}
        <button type="button" onClick={() => void paging.fetchNextPage()}>
          {paging.isFetchNextPageError ? "Try again" : "Load more steps"}
        </button>
      </div>
    );
  }
  return null;
}
