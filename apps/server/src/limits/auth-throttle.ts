type Window = { failures: number; startedAt: number };

/**
 * Guessing keys costs the guesser, not the database: an address past `maxFailures` failed
 * authentications within a minute is answered 429 without a lookup until its minute ends, and a
 * key already found unusable is known without one. Keys never become usable again once
 * unusable (revoked and expired stay so; a new key is new random bytes), so the negative cache
 * needs no expiry, only a size bound.
 */
export function createAuthThrottle({
  maxFailures,
  windowMs = 60_000,
  maxAddresses = 10_000,
  maxBadKeys = 10_000,
  now = () => performance.now(),
}: {
  maxFailures: number;
  windowMs?: number;
  maxAddresses?: number;
  maxBadKeys?: number;
  now?: () => number;
}) {
  const windows = new Map<string, Window>();
  const badKeys = new Set<string>();

  function windowOf(address: string) {
    const at = now();
    const window = windows.get(address);
    if (window && at - window.startedAt < windowMs) return window;
    if (window) windows.delete(address);
    return undefined;
  }

  return {
    /** 0 when the address may try; else the whole seconds until it may. */
    secondsToWait(address: string): number {
      const window = windowOf(address);
      if (!window || window.failures < maxFailures) return 0;
      return Math.max(1, Math.ceil((window.startedAt + windowMs - now()) / 1000));
    },
    isKnownBad(keyHash: string) {
      return badKeys.has(keyHash);
    },
    recordFailure(address: string, keyHash?: string) {
      const window = windowOf(address) ?? { failures: 0, startedAt: now() };
      window.failures++;
      windows.set(address, window);
      if (windows.size > maxAddresses) windows.delete(windows.keys().next().value as string);
      if (keyHash !== undefined) {
        badKeys.add(keyHash);
        if (badKeys.size > maxBadKeys) badKeys.delete(badKeys.values().next().value as string);
      }
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
