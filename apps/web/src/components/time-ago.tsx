import { formatRelative } from "../lib/age";
import { formatTime } from "../lib/format";

/** A time as its distance from now, with the exact time on hover and for assistive tech. */
export function TimeAgo({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}
