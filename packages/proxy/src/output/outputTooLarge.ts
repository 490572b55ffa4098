import { CutoutError } from '@cutout/core';
import { OutputCode } from '@cutout/core/output';

/** 413 / 40011: the canvas asked for is over the proxy's pixel limit. */
export function outputTooLarge(width: number, height: number, maxPixels: number): CutoutError {
  return new CutoutError(
    'input',
    `The output would be ${width}×${height} (${Math.round((width * height) / 1e6)} MP), over this proxy's limit of ${Math.round(maxPixels / 1e6)} MP: ask for a smaller output_size or margin.`,
    { reason: 'output-too-large', code: OutputCode.tooLarge, status: 413 },
  );
}
