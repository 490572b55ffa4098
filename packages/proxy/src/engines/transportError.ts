import { abortedError, CutoutError, isCutoutError } from '@cutout/core';

/** What a failed socket operation means for the caller: aborted, a guard, a timeout, or network. */
export function transportError(
  error: unknown,
  callerSignal: AbortSignal,
  attemptSignal: AbortSignal,
  phase: 'upload' | 'answer' | 'download',
): CutoutError {
  if (isCutoutError(error)) return error;
  if (callerSignal.aborted) {
    const reason: unknown = callerSignal.reason;
    return isCutoutError(reason) ? reason : abortedError(callerSignal);
  }
  // The guards of the client's upload (size, time) error the body stream; fetch wraps that.
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (isCutoutError(cause)) return cause;
  if (attemptSignal.aborted) {
    // Say what was late: a finished upload waiting for its answer is not a slow upload.
    const message =
      phase === 'answer'
        ? 'The upstream did not answer in time (the upload had finished).'
        : `The upstream did not finish the ${phase} in time.`;
    return new CutoutError('timeout', message, { reason: `upstream-${phase}-timeout` });
  }
  return new CutoutError('network', 'The connection to the upstream failed or was reset.', {
    reason: 'upstream-unreachable',
    // The cause carries only the socket error (never our headers); kept for debugging.
    cause: error,
  });
}
