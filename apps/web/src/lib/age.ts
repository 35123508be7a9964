/**
 * How long ago (or how soon) an ISO time is, in the one unit a glance needs: "just now",
 * "4 min ago", "in 2 h", "3 d ago". The exact time belongs in a title beside it.
 */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return "—";
  const ms = now - then;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 45) return "just now";
  const span =
    seconds < 3600
      ? `${Math.max(1, Math.round(seconds / 60))} min`
      : seconds < 48 * 3600
        ? `${Math.round(seconds / 3600)} h`
        : `${Math.round(seconds / 86_400)} d`;
  return ms >= 0 ? `${span} ago` : `in ${span}`;
}
