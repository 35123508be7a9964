import type { PhaseSkeleton } from "../lib/api-types";
import { durationBetween, formatDuration } from "../lib/format";
import { phaseLabel } from "../lib/run-filters";
import { useNow } from "../lib/use-now";

/**
 * A run's phases in pipeline order, each with its attempts: a phase tried three times shows
 * what each try came to. The API answers them already in order.
 */
export function PhaseStrip({ phases }: { phases: readonly PhaseSkeleton[] }) {
  const now = useNow(phases.some((attempt) => attempt.finishedAt === null));
  if (phases.length === 0) return <p className="muted">No phase has started yet.</p>;
  const byPhase = new Map<PhaseSkeleton["phase"], PhaseSkeleton[]>();
  for (const attempt of phases) {
    const attempts = byPhase.get(attempt.phase);
    if (attempts) attempts.push(attempt);
    else byPhase.set(attempt.phase, [attempt]);
  }
  return (
    <ol className="phases" aria-label="Phases">
      {[...byPhase].map(([phase, attempts]) => (
        <li key={phase} className="phase">
          <span className="phase-name">{phaseLabel(phase)}</span>
          <ul className="attempts">
            {attempts.map((attempt) => (
              <li key={attempt.id}>
                <span className={`badge status-${attempt.status}`}>
                  #{attempt.attempt} {attempt.status}
                </span>{" "}
                <span className="muted">
                  {formatDuration(durationBetween(attempt.startedAt, attempt.finishedAt, now))}
                </span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
