import { CutoutError, type EngineResult, sniffImage } from '@cutout/core';
import type { ResolvedOutput } from '@cutout/core/output';
import { collectStream } from '../collectStream';
import { checkOutputLimits } from './requestOutput';

export interface EngineImage {
  bytes: Uint8Array;
  contentType: string;
  width: number;
  height: number;
}

export interface EngineImageOptions {
  /** Resolves the output options now (fields after a streamed file came in meanwhile). */
  resolveOutput: () => ResolvedOutput | undefined;
  /** The limits were checked before the engine ran (the options were known then). */
  checked: boolean;
  backgroundImage?: Uint8Array | undefined;
  maxPixels: number;
}

/**
 * The engine's answer as the response's image: its PNG as it is, or composed with the output
 * options, from the raw pixels the local engine lends (given back on every way out) or from
 * the PNG (Codia's). `composeMs` is set when a composition ran.
 */
export async function engineImage(
  result: EngineResult,
  options: EngineImageOptions,
): Promise<{ image: EngineImage; composeMs?: number }> {
  let output: ResolvedOutput | undefined;
  try {
    output = options.resolveOutput();
  } catch (error) {
    result.pixels?.release();
    throw error;
  }
  const compose = async (cutout: Parameters<typeof composeOutput>[0], o: ResolvedOutput) => {
    const started = performance.now();
    const image = await composeOutput(cutout, o, {
      ...(options.backgroundImage ? { backgroundImage: options.backgroundImage } : {}),
      maxPixels: options.maxPixels,
    });
    return { image, composeMs: performance.now() - started };
  };
  if (result.pixels) {
    // Asked for only with output options, so `output` is set (fields only add).
    const { pixels } = result;
    if (!output || pixels.data.byteLength !== pixels.width * pixels.height * 4) {
      pixels.release();
      throw new CutoutError('transient', 'The engine returned malformed pixels.', {
        reason: 'bad-engine-output',
      });
    }
    return compose(pixels, output);
  }
  const png = result.png instanceof Uint8Array ? result.png : await collectStream(result.png);
  if (sniffImage(png)?.format !== 'png') {
    throw new CutoutError('transient', 'The engine returned something other than a PNG.', {
      reason: 'bad-engine-output',
    });
  }
  if (!output) {
    return {
      image: { bytes: png, contentType: 'image/png', width: result.width, height: result.height },
    };
  }
  if (!options.checked) checkOutputLimits(output, result, options.maxPixels);
  return compose(png, output);
}

/** sharp and the composition load on the first request that composes. */
async function composeOutput(...args: Parameters<typeof import('./composeOutput').composeOutput>) {
  return (await import('./composeOutput')).composeOutput(...args);
}
