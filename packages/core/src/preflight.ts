import { CutoutError, type PreflightReason } from './CutoutError';
import type { AlphaFlattener } from './flattenAlpha';
import { type ImageInfo, SNIFF_BYTES, sniffImage } from './sniffImage';
import type { CutoutInput, PreflightOptions } from './types';

/**
 * Defaults of the preflight checks, from the upstream's limits (UPSTREAM-API.md "Inputs"):
 * - `maxBytes: 25 MB` (25 · 1024 · 1024 bytes);
 * - `minLongEdge: 400` px;
 * - `maxPixels: 64 MP` — above every current camera sensor (61 MP), below what turns a small
 *   PNG into gigabytes of RGBA on the server (decompression bombs);
 * - `flattenAlpha: true` — browsers flatten transparency onto white with a canvas.
 */
export const DEFAULT_PREFLIGHT: Readonly<PreflightOptions> = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  minLongEdge: 400,
  maxPixels: 64_000_000,
  flattenAlpha: true,
});

/** JPEG can carry large EXIF/ICC segments before its frame header; look this far for it. */
const MAX_HEADER_BYTES = 1024 * 1024;

/** An input that passed preflight, ready for the transport. */
export type PreparedInput =
  | { type: 'url'; url: string }
  | {
      type: 'file';
      data: Blob | Uint8Array;
      size: number;
      /** Undefined only when preflight is off. */
      info?: ImageInfo & { width: number; height: number };
      mimeType: string;
      filename: string;
      /** True when alpha was flattened onto white here (browsers). */
      flattened: boolean;
    };

export interface PreflightEnv {
  /** Replaces the canvas flattener (tests, workers with their own decoder). */
  flatten?: AlphaFlattener;
}

export function resolvePreflightOptions(
  preflight: Partial<PreflightOptions> | false | undefined,
): PreflightOptions | false {
  if (preflight === false) return false;
  const merged: PreflightOptions = { ...DEFAULT_PREFLIGHT };
  for (const [key, value] of Object.entries(preflight ?? {})) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Checks an input before any byte is sent: the real format from magic bytes (not the file
 * name or the declared type), size, header dimensions, pixel count; flattens alpha in
 * browsers. URL strings only get their syntax checked (http/https): the server fetches them.
 * Throws `CutoutError` kind `preflight` with a `reason`.
 */
export async function preflightInput(
  input: CutoutInput,
  options: PreflightOptions | false,
  env: PreflightEnv = {},
): Promise<PreparedInput> {
  if (typeof input === 'string') return { type: 'url', url: checkUrl(input) };

  const data = toData(input);
  const size = data instanceof Uint8Array ? data.byteLength : data.size;
  const declaredName = typeof File !== 'undefined' && input instanceof File ? input.name : '';

  if (options === false) {
    const head = await readHead(data, SNIFF_BYTES);
    const info = sniffImage(head);
    const mimeType = info?.mimeType ?? 'application/octet-stream';
    return {
      type: 'file',
      data,
      size,
      mimeType,
      filename: fileName(declaredName, info),
      flattened: false,
    };
  }

  if (size === 0) throw fail('empty', 'The file is empty.');
  let info = sniffImage(await readHead(data, SNIFF_BYTES));
  if (info === undefined) {
    throw fail('unsupported-format', 'Only JPEG, PNG and WEBP images are supported.');
  }
  if (size > options.maxBytes) {
    throw fail(
      'too-large',
      `The file is ${formatMb(size)}, over the ${formatMb(options.maxBytes)} limit.`,
    );
  }
  if (info.width === undefined && size > SNIFF_BYTES) {
    info = sniffImage(await readHead(data, MAX_HEADER_BYTES)) ?? info;
  }
  const { width, height } = info;
  if (width === undefined || height === undefined || width === 0 || height === 0) {
    throw fail('unreadable', `The ${info.format.toUpperCase()} header could not be read.`);
  }
  if (Math.max(width, height) < options.minLongEdge) {
    throw fail(
      'too-small',
      `The image is ${width}×${height} px; the long edge must be at least ${options.minLongEdge} px.`,
    );
  }
  if (width * height > options.maxPixels) {
    throw fail(
      'too-many-pixels',
      `The image has ${((width * height) / 1e6).toFixed(1)} MP, over the ${(options.maxPixels / 1e6).toFixed(1)} MP limit.`,
    );
  }

  const checked = { ...info, width, height };
  if (options.flattenAlpha && info.hasAlpha) {
    // Loaded on first use: only inputs with an alpha channel need the canvas code.
    const flatten = env.flatten ?? (await import('./flattenAlpha')).flattenAlphaWithCanvas;
    const blob = data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>]);
    const flat = await flatten(blob.type ? blob : new Blob([blob], { type: info.mimeType }));
    if (flat !== undefined) {
      if (flat.size > options.maxBytes) {
        throw fail('too-large', `Flattened, the image is ${formatMb(flat.size)}, over the limit.`);
      }
      const flatInfo = { ...checked, format: 'png' as const, mimeType: 'image/png' as const };
      return {
        type: 'file',
        data: flat,
        size: flat.size,
        info: { ...flatInfo, hasAlpha: false },
        mimeType: 'image/png',
        filename: fileName(declaredName, flatInfo),
        flattened: true,
      };
    }
  }
  return {
    type: 'file',
    data,
    size,
    info: checked,
    mimeType: info.mimeType,
    filename: fileName(declaredName, info),
    flattened: false,
  };
}

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw fail('invalid-url', 'The image URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail('invalid-url', `Only http and https image URLs are supported, not ${url.protocol}`);
  }
  return url.href;
}

function toData(input: Exclude<CutoutInput, string>): Blob | Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  throw new CutoutError('input', 'Input must be a Blob, File, Uint8Array, ArrayBuffer or URL.', {
    reason: 'invalid-input',
  });
}

async function readHead(data: Blob | Uint8Array, bytes: number): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data.subarray(0, bytes);
  return new Uint8Array(await data.slice(0, bytes).arrayBuffer());
}

function fileName(declared: string, info: Pick<ImageInfo, 'format'> | undefined): string {
  const ext = info ? (info.format === 'jpeg' ? 'jpg' : info.format) : 'bin';
  if (declared === '') return `image.${ext}`;
  // The multipart header is quoted: strip what would break it, keep the rest readable.
  const safe = declared.replace(/["\r\n\\]/g, '_');
  // The real format wins over a misleading extension (a JPEG named .png).
  const extPattern = ext === 'jpg' ? /\.jpe?g$/i : new RegExp(`\\.${ext}$`, 'i');
  return info && !extPattern.test(safe) ? `${safe.replace(/\.[^.]*$/, '')}.${ext}` : safe;
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function fail(reason: PreflightReason, message: string): CutoutError {
  return new CutoutError('preflight', message, { reason });
}
