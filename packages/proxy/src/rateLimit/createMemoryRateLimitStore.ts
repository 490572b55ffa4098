import { type RateLimitStore, takeToken } from './RateLimitStore';

export interface MemoryRateLimitStoreOptions {
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
  /** Buckets kept at most; full (idle) ones are dropped first. Default 100 000. */
  maxKeys?: number;
}

/** Token buckets in a Map, for a single proxy instance. */
export function createMemoryRateLimitStore(
  options: MemoryRateLimitStoreOptions = {},
): RateLimitStore {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number; fullAt: number }>();
  return {
    take(key, policy) {
      const t = now();
      if (buckets.size >= maxKeys && !buckets.has(key)) {
        // A bucket that is full again holds no information: forget it.
        for (const [k, b] of buckets) if (b.fullAt <= t) buckets.delete(k);
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
      }
      const { state, result } = takeToken(buckets.get(key), policy, t);
      buckets.delete(key);
      buckets.set(key, { ...state, fullAt: t + result.resetMs });
      return result;
    },
    close() {
      buckets.clear();
    },
  };
}
