import { useEffect, useState } from "react";

/**
 * The current time, ticking every `intervalMs` while `ticking`: an unfinished bar or duration
 * grows while it is watched, and a finished view does not re-render for nothing.
 */
export function useNow(ticking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [ticking, intervalMs]);
  return now;
}
