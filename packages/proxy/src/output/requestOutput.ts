import { CutoutError, isCutoutError } from '@cutout/core';
import {
  hasOutputOptions,
  isPassthrough,
  OUTPUT_OPTION_NAMES,
  OutputCode,
  parseOutputOptions,
  type ResolvedOutput,
} from '@cutout/core/output';
import type { FetchImage } from '../guards/createSafeFetch';
import { sniffBuffer } from '../guards/sniffUpload';
import { outputTooLarge } from './outputTooLarge';

/** The output options of one request: query parameters, then body fields / JSON keys. */
export function outputOptionsFrom(
  query: URLSearchParams,
  body: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const name of OUTPUT_OPTION_NAMES) {
    const fromBody = body[name];
    const value = fromBody !== undefined && fromBody !== null ? fromBody : query.get(name);
    if (value !== null && value !== undefined) raw[name] = value;
  }
  return raw;
}

/** Resolved options, or undefined when the request asks for the engine's PNG as it is. */
export function resolveRequestOutput(raw: Record<string, unknown>): ResolvedOutput | undefined {
  if (!hasOutputOptions(raw)) return undefined;
  const output = parseOutputOptions(raw);
  return isPassthrough(output) ? undefined : output;
}

/**
 * The largest canvas the options can produce, checked before the engine runs so no credit
 * is spent on an output the proxy would refuse: `WxH` exactly, a long edge N as N², else the
 * image's own size plus margins (no crop assumed: cropping only shrinks it). Without known
 * dimensions (a URL input) the check happens again after the engine.
 */
export function checkOutputLimits(
  o: ResolvedOutput,
  image: { width?: number | undefined; height?: number | undefined },
  maxPixels: number,
): void {
  let w: number | undefined;
  let h: number | undefined;
  if (o.size && 'longEdge' in o.size) w = h = o.size.longEdge;
  else if (o.size) ({ width: w, height: h } = o.size);
  else if (image.width !== undefined && image.height !== undefined) {
    const [t, r, b, l] = o.margin;
    const side = (m: (typeof o.margin)[number], along: number) =>
      m.unit === '%' ? (m.value / 100) * along : m.value;
    w = Math.ceil(image.width + side(l, image.width) + side(r, image.width));
    h = Math.ceil(image.height + side(t, image.height) + side(b, image.height));
  }
  if (w !== undefined && h !== undefined && w * h > maxPixels)
    throw outputTooLarge(w, h, maxPixels);
}

/**
 * Downloads `bg_image_url` through the proxy's SSRF-guarded fetcher and checks its format
 * and size by its header, before the engine runs: a bad background costs no credit.
 */
export async function fetchBackgroundImage(
  url: string,
  fetchImage: FetchImage,
  signal: AbortSignal,
  maxPixels: number,
): Promise<Uint8Array> {
  try {
    const bytes = await fetchImage(url, signal);
    sniffBuffer(bytes, maxPixels);
    return bytes;
  } catch (error) {
    if (!isCutoutError(error) || error.kind !== 'input') throw error;
    return Promise.reject(
      new CutoutError('input', `bg_image_url could not be used: ${error.message}`, {
        reason: error.reason ?? 'bad-background',
        code: OutputCode.badOption,
        status: error.status === 413 ? 413 : 400,
      }),
    );
  }
}

/**
 * Whether the answer is the image itself: an `Accept` naming `image/*` or the output's own
 * type (`image/png` for a plain cutout, as before). Otherwise the contract's JSON.
 */
export function wantsImage(req: Request, contentType: string): boolean {
  const accept = (req.headers.get('accept') ?? '').toLowerCase();
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim();
    const q = /;\s*q=([\d.]+)/.exec(part);
    if (q && Number(q[1]) === 0) return false;
    return type === 'image/*' || type === contentType;
  });
}
