import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, memo, useEffect, useRef } from "react";
import { agentLabel } from "../lib/agent-label";
import type { InvocationSkeleton, StepSkeleton, ToolCallSkeleton } from "../lib/api-types";
import { durationBetween, formatCount, formatDuration } from "../lib/format";
import type { StepListRow } from "../lib/step-rows";
import { outcomeLabel, outcomeMark, toolCallOutcome } from "../lib/tool-call-outcome";

type StepRow = StepListRow<InvocationSkeleton, StepSkeleton, ToolCallSkeleton>;

// Fixed heights keep scrolling through thousands of rows free of layout work.
const headerHeight = 30;
const stepHeight = 34;
const shownToolCalls = 3;

/**
 * Steps under their invocation, virtualized: only the rows in view exist in the page, so a run
 * of a thousand steps scrolls like one of ten. Arrow keys move between steps; Enter opens one.
 */
export const StepList = memo(function StepList({
  rows,
  selectedStepId,
  onSelect,
  focusInvocation,
}: {
  rows: readonly StepRow[];
  selectedStepId: string | null;
  onSelect: (stepId: string) => void;
  /** Scrolls this invocation's steps into view when it changes (a new object each request). */
  focusInvocation: { id: string } | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.kind === "invocation" ? headerHeight : stepHeight),
    getItemKey: (index) => {
      const row = rows[index];
      if (!row) return index;
      return row.kind === "invocation" ? `i:${row.invocationId}` : `s:${row.step.id}`;
    },
    overscan: 12,
  });

  // Scrolls once per request: rows that change as the run is recorded must not pull the list back.
  const handledFocus = useRef<{ id: string } | null>(null);
  useEffect(() => {
    if (!focusInvocation || handledFocus.current === focusInvocation) return;
    handledFocus.current = focusInvocation;
    const index = rows.findIndex(
      (row) => row.kind === "invocation" && row.invocationId === focusInvocation.id,
    );
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "start" });
  }, [focusInvocation, rows, virtualizer]);

  function moveFocus(event: KeyboardEvent<HTMLButtonElement>) {
    const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (step === 0) return;
    const from = Number(
      event.currentTarget.closest<HTMLElement>("[data-index]")?.dataset.index ?? -1,
    );
    let next = from + step;
    while (next >= 0 && next < rows.length && rows[next]?.kind !== "step") next += step;
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next, { align: "auto" });
    // The row may only exist after the virtualizer re-renders for the new scroll position.
    const focusRow = (tries: number) => {
      const button = scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"] button`);
      if (button) button.focus();
      else if (tries > 0) requestAnimationFrame(() => focusRow(tries - 1));
    };
    requestAnimationFrame(() => focusRow(3));
  }

  if (rows.length === 0) return <p className="muted">No steps recorded yet.</p>;
  return (
    <div
      ref={scroller}
      className="step-list"
      // As tall as its rows up to the list's cap, so a short trace leaves no empty box.
      style={{ height: `min(var(--step-list-height), ${virtualizer.getTotalSize() + 2}px)` }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              className="step-list-item"
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {row.kind === "invocation" ? (
                <InvocationHeader row={row} />
              ) : (
                <StepButton
                  row={row}
                  selected={row.step.id === selectedStepId}
                  onSelect={onSelect}
                  onKeyDown={moveFocus}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});

function InvocationHeader({ row }: { row: Extract<StepRow, { kind: "invocation" }> }) {
  const { invocation, loadedSteps } = row;
  const total = invocation?.stepCount ?? loadedSteps;
  return (
    <div className="step-group" style={{ paddingLeft: `${Math.min(row.depth, 12) * 12 + 4}px` }}>
      <strong>{invocation ? agentLabel(invocation) : "invocation"}</strong>
      <span className="muted">{invocation?.model ?? row.invocationId.slice(0, 8)}</span>
      <span className="muted">
        {loadedSteps < total
          ? `${formatCount(loadedSteps)} of ${formatCount(total)} steps loaded`
          : `${formatCount(total)} ${total === 1 ? "step" : "steps"}`}
      </span>
    </div>
  );
}

function StepButton({
  row,
  selected,
  onSelect,
  onKeyDown,
}: {
  row: Extract<StepRow, { kind: "step" }>;
  selected: boolean;
  onSelect: (stepId: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  const { step, toolCalls } = row;
  const calls = toolCalls.map((call) => ({ call, outcome: toolCallOutcome(call) }));
  const denied = calls.some(({ outcome }) => outcome === "denied");
  const failed = calls.some(({ outcome }) => outcome === "failed");
  // Denials and failures first, so they show however many calls the step made.
  const shown = [
    ...calls.filter(({ outcome }) => outcome === "denied" || outcome === "failed"),
    ...calls.filter(({ outcome }) => outcome !== "denied" && outcome !== "failed"),
  ].slice(0, shownToolCalls);
  const more = toolCalls.length - shown.length;
  return (
    <button
      type="button"
      data-testid="step-row"
      data-denied={denied || undefined}
      data-failed={failed || undefined}
      className="step-row"
      aria-pressed={selected}
      style={{ paddingLeft: `${Math.min(row.depth, 12) * 12 + 16}px` }}
      onClick={() => onSelect(step.id)}
      onKeyDown={onKeyDown}
    >
      <span className="step-number">#{step.stepNumber}</span>
      <span className={`finish finish-${step.finishReason ?? "none"}`}>
        {step.finishReason ?? "—"}
      </span>
      <span className="muted">
        {formatDuration(durationBetween(step.startedAt, step.finishedAt ?? step.startedAt))}
      </span>
      <span className="muted">{formatCount(step.totalTokens)} tok</span>
      <span className="tool-chips">
        {shown.map(({ call, outcome }) => (
          <span
            key={call.id}
            data-testid="tool-call"
            data-status={call.status}
            data-output-type={call.outputType ?? ""}
            className={`tool-chip outcome-${outcome}`}
            title={`${call.toolName}: ${outcomeLabel[outcome]}`}
          >
            <span aria-hidden="true">{outcomeMark[outcome]}</span> {call.toolName}
            <span className="visually-hidden"> ({outcomeLabel[outcome]})</span>
          </span>
        ))}
        {more > 0 ? <span className="muted">+{more}</span> : null}
      </span>
    </button>
  );
}
