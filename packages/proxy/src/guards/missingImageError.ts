import { CutoutError, UpstreamCode } from '@cutout/core';

/** A request without a usable image: the upstream's 40003 "missing image" answer. */
export function missingImageError(message: string, reason = 'missing-image'): CutoutError {
  return new CutoutError('input', message, {
    reason,
    code: UpstreamCode.missingUrl,
    status: 400,
  });
}
