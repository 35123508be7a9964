export const retryBaseMs = 200;
export const retryCapMs = 10_000;

/**
 * The wait before retry number `attempt` (0 for the first retry): "full jitter", a random
 * point below an exponential ceiling, so many agents that failed together do not come back
 * together. A server's Retry-After raises the wait, never past the cap.
 */
export function retryDelayMs(
  attempt: number,
  {
    retryAfterMs,
    random = Math.random,
  }: { retryAfterMs?: number | null; random?: () => number } = {},
): number {
  const ceiling = Math.min(retryCapMs, retryBaseMs * 2 ** attempt);
  const jittered = Math.floor(random() * ceiling);
  return Math.min(retryCapMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
