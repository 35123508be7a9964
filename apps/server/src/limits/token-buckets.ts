export type RateLimit = { perSecond: number; burst: number };

type Bucket = { tokens: number; at: number };

/**
 * A token bucket per API key. A request is admitted while its key's bucket is not empty and
 * then pays what it cost, which may leave the bucket in debt: an ingest batch's size is known
 * only once its body is read, and the debt is what its sender then waits off.
 */
export function createTokenBuckets({
  now = () => performance.now(),
  maxKeys = 10_000,
}: {
  now?: () => number;
  maxKeys?: number;
} = {}) {
  const buckets = new Map<string, Bucket>();

  function current(key: string, limit: RateLimit): Bucket {
    const at = now();
    let bucket = buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(
        limit.burst,
        bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond,
      );
      bucket.at = at;
      // Most recently used last, so the first entry is the one to forget.
      buckets.delete(key);
    } else {
      bucket = { tokens: limit.burst, at };
    }
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    return bucket;
  }

  return {
    /** 0 when the key may go on; else the whole seconds until its bucket holds a token again. */
    secondsToWait(key: string, limit: RateLimit): number {
      const bucket = current(key, limit);
      if (bucket.tokens >= 1) return 0;
      return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    },
    /** Takes `cost` tokens, into debt if need be. */
    charge(key: string, limit: RateLimit, cost: number) {
      current(key, limit).tokens -= cost;
    },
  };
}

export type TokenBuckets = ReturnType<typeof createTokenBuckets>;
