import { type CutoutError, computeBackoff, isCutoutError } from '@cutout/core';
import { UnrecoverableError } from 'bullmq';

/** Name of the custom backoff (job option `backoff.type`) that workers register. */
export const BACKOFF_TYPE = 'cutout';

/** The longest wait between two tries of one job. */
const MAX_BACKOFF_MS = 60_000;

/** `kind/reason: message`, the form of every reason `cutout status` lists. */
export function describeError(error: Pick<CutoutError, 'kind' | 'reason' | 'message'>): string {
  return `${error.kind}${error.reason ? `/${error.reason}` : ''}: ${error.message}`;
}

/** A failure worth another try later (BullMQ retries it with our backoff). */
export class RetryableJobError extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryableJobError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A failure that no retry can fix (input errors): ends the job as failed at once. */
export function unrecoverable(error: Pick<CutoutError, 'kind' | 'reason' | 'message'>): Error {
  return new UnrecoverableError(describeError(error));
}

/**
 * The backoff between tries: the server's `Retry-After` when it gave one, else the kit's
 * capped exponential backoff with full jitter (core's `computeBackoff`, the same curve as
 * the browser client), from the job's `backoff.delay`.
 */
export function cutoutBackoff(
  attemptsMade: number,
  _type: string | undefined,
  error: Error | undefined,
  job: { opts?: { backoff?: number | { delay?: number } } } | undefined,
): number {
  const retryAfterMs = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof retryAfterMs === 'number' && retryAfterMs >= 0) return retryAfterMs;
  const backoff = job?.opts?.backoff;
  const base = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 1000);
  return computeBackoff(attemptsMade, { baseDelayMs: base, maxDelayMs: MAX_BACKOFF_MS });
}

/** Any thrown value as a CutoutError-like description (bugs and fs errors included). */
export function asDescribed(error: unknown): Pick<CutoutError, 'kind' | 'reason' | 'message'> {
  if (isCutoutError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    kind: 'transient',
    reason: code,
    message: error instanceof Error ? error.message : String(error),
  };
}
