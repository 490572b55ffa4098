import { CutoutError, UpstreamCode } from '@cutout/core';
import type { RateLimitOptions, RequestInfo } from '../handlerOptions';
import { createMemoryRateLimitStore } from './createMemoryRateLimitStore';

export interface RateVerdict {
  /** RateLimit-* headers for the answer (IETF draft "RateLimit header fields for HTTP"). */
  headers: Record<string, string>;
  /** Set when the request must be refused (429 / 42900 with Retry-After). */
  error?: CutoutError;
}

/** Per-client token buckets in front of the remove route. */
export function createRateLimiter(options: RateLimitOptions) {
  const store = options.store ?? createMemoryRateLimitStore();
  const policy = { capacity: options.capacity, refillPerSecond: options.refillPerSecond };
  const keyOf = async (req: Request, info: RequestInfo): Promise<string> => {
    if (options.key) return options.key(req, info);
    if (options.trustProxy) {
      const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    return info.clientAddress ?? 'anonymous';
  };
  const outage = trackOutage(options);
  return {
    async check(req: Request, info: RequestInfo): Promise<RateVerdict> {
      let result: Awaited<ReturnType<typeof store.take>>;
      try {
        result = await store.take(await keyOf(req, info), policy);
      } catch (cause) {
        outage.failed(cause);
        if (options.onStoreError === 'deny') {
          return {
            headers: {},
            error: new CutoutError('transient', 'The rate limiter is unavailable.', {
              reason: 'rate-limit-store',
              retryAfterMs: 1000,
              cause,
            }),
          };
        }
        return { headers: {} };
      }
      outage.recovered();
      const headers: Record<string, string> = {
        'RateLimit-Limit': String(policy.capacity),
        'RateLimit-Remaining': String(result.remaining),
        'RateLimit-Reset': String(Math.ceil(result.resetMs / 1000)),
      };
      if (result.allowed) return { headers };
      return {
        headers,
        error: new CutoutError('rate-limit', 'Too many requests: slow down and retry later.', {
          code: UpstreamCode.rateLimited,
          status: 429,
          retryAfterMs: Math.max(1000, result.retryAfterMs),
        }),
      };
    },
  };
}

/**
 * One `onStoreEvent` when the store starts failing and one when it answers again, however
 * many requests pass meanwhile (issue 14 item 8): a Redis outage under load must neither go
 * unnoticed nor write a line per request.
 */
function trackOutage(options: RateLimitOptions) {
  let since: number | undefined;
  let requests = 0;
  return {
    failed(cause: unknown) {
      requests++;
      if (since !== undefined) return;
      since = Date.now();
      const code = (cause as { code?: unknown } | null)?.code;
      options.onStoreEvent?.({
        state: 'down',
        onStoreError: options.onStoreError ?? 'allow',
        // The error's name and code only: a message may carry a connection string.
        error: {
          name: cause instanceof Error ? cause.name : typeof cause,
          ...(typeof code === 'string' ? { code } : {}),
        },
      });
    },
    recovered() {
      if (since === undefined) return;
      const event = { state: 'up' as const, downMs: Date.now() - since, requests };
      since = undefined;
      requests = 0;
      options.onStoreEvent?.(event);
    },
  };
}
