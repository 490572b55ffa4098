/** A token bucket: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface TokenBucketPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** Ms until one token is back (0 when allowed). */
  retryAfterMs: number;
  /** Ms until the bucket is full again. */
  resetMs: number;
}

/**
 * Where buckets live. Memory for one instance; Redis (`createRedisRateLimitStore`) when
 * several proxy instances must share one limit. `take` must be atomic per key.
 */
export interface RateLimitStore {
  take(key: string, policy: TokenBucketPolicy): Promise<TakeResult> | TakeResult;
  close?(): void | Promise<void>;
}

/** The refill arithmetic shared by the memory store and (in Lua) the Redis store. */
export function takeToken(
  state: { tokens: number; at: number } | undefined,
  policy: TokenBucketPolicy,
  now: number,
): { state: { tokens: number; at: number }; result: TakeResult } {
  const perMs = policy.refillPerSecond / 1000;
  const elapsed = state ? Math.max(0, now - state.at) : 0;
  let tokens = state ? Math.min(policy.capacity, state.tokens + elapsed * perMs) : policy.capacity;
  const allowed = tokens >= 1;
  if (allowed) tokens -= 1;
  const retryAfterMs = allowed ? 0 : Math.ceil((1 - tokens) / perMs);
  const resetMs = Math.ceil((policy.capacity - tokens) / perMs);
  return {
    state: { tokens, at: now },
    result: { allowed, remaining: Math.floor(tokens), retryAfterMs, resetMs },
  };
}
