export interface RateLimitOptions {
  /** Calls allowed per window. */
  limit: number;
  windowMs: number;
  /** Fixed `Retry-After` in seconds; by default the seconds left in the current window. */
  retryAfterS?: number;
}

export interface RateWindow {
  /** Counts one call; returns undefined when allowed, else the seconds to advise waiting. */
  take(now: number): number | undefined;
  reset(): void;
}

/**
 * A fixed window counter: simple to reason about in tests ("the 4th call in a window of 3
 * gets a 429, and the advised wait ends exactly when the window does").
 */
export function createRateWindow(options: RateLimitOptions): RateWindow {
  if (!(options.limit >= 0) || !(options.windowMs > 0)) {
    throw new RangeError('rateLimit needs limit >= 0 and windowMs > 0');
  }
  let start = Number.NEGATIVE_INFINITY;
  let count = 0;
  return {
    take(now) {
      if (now >= start + options.windowMs || now < start) {
        start = now;
        count = 0;
      }
      if (count < options.limit) {
        count++;
        return undefined;
      }
      if (options.retryAfterS !== undefined) return options.retryAfterS;
      return Math.max(1, Math.ceil((start + options.windowMs - now) / 1000));
    },
    reset() {
      start = Number.NEGATIVE_INFINITY;
      count = 0;
    },
  };
}
