import { CutoutError, isCutoutError } from '@cutout/core';

/** Every failure the UI shows is a CutoutError; anything else (a bug, a custom client) becomes one. */
export function toCutoutError(thrown: unknown): CutoutError {
  return isCutoutError(thrown)
    ? thrown
    : new CutoutError('transient', 'Unexpected failure.', {
        reason: 'unexpected',
        retryable: false,
        cause: thrown,
      });
}
