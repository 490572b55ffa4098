import { CutoutError } from '../CutoutError';
import { OutputCode } from '../upstream';
import type { Rgba } from './parseColor';

// The value parsers of the output options (one per kind of value) and the error they all
// throw; `parseOutputOptions` in outputOptions.ts puts them together.

export type OutputFormat = 'png' | 'webp' | 'jpeg';

/** A margin on one side: output pixels, or a fraction of the subject's size on that axis. */
export interface MarginLength {
  value: number;
  unit: 'px' | '%';
}

export type OutputSize = { width: number; height: number } | { longEdge: number };

/** top, right, bottom, left. */
export type Margin = readonly [MarginLength, MarginLength, MarginLength, MarginLength];

/** Largest canvas edge we compose (browsers refuse bigger canvases). */
export const MAX_OUTPUT_EDGE = 16384;
/** Margins are capped so a typo cannot ask for a gigapixel canvas. */
export const MAX_MARGIN_PX = 4096;
export const MAX_MARGIN_PERCENT = 100;

const ALLOWED: Record<string, string> = {
  crop: 'true or false',
  crop_margin:
    '1, 2 or 4 lengths like CSS, each N, Npx (0–4096) or N% (0–100), e.g. "5%" or "24px 10%"',
  output_size: `WxH or a long edge N, 1–${MAX_OUTPUT_EDGE} px (e.g. "2000x2000" or "1600")`,
  position: '"center" or "x% y%" with x and y in 0–100 (e.g. "50% 100%")',
  bg_color: '"transparent", hex (#fff, ffffff, ffffff80) or a CSS colour name',
  bg_image_url: 'an absolute http(s) URL',
  add_shadow: 'true or false',
  format: 'png, webp, jpg or jpeg',
  channels: 'rgba or alpha',
  preset: 'amazon, square or trimmed',
};

/** The error every bad value gets: 400 / 40010, naming the option and what it accepts. */
export function badOutputOption(option: string, got: unknown): CutoutError {
  const allowed = ALLOWED[option] ?? 'see the output options table';
  const shown = typeof got === 'string' ? `"${got.slice(0, 80)}"` : String(got);
  return new CutoutError('input', `Bad ${option} ${shown}: expected ${allowed}.`, {
    reason: 'bad-output-option',
    code: OutputCode.badOption,
    status: 400,
  });
}

export function overWhite(c: Rgba): Rgba {
  const a = c[3] / 255;
  const mix = (v: number) => Math.round(v * a + 255 * (1 - a));
  return [mix(c[0]), mix(c[1]), mix(c[2]), 255];
}

export function parseBoolean(name: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true || v === false) return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw badOutputOption(name, v);
}

export function parseEnum<T extends string>(
  name: string,
  v: unknown,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(s)) throw badOutputOption(name, v);
  return s as T;
}

export function parseFormat(v: unknown): OutputFormat {
  const f = parseEnum('format', v, ['png', 'webp', 'jpg', 'jpeg'] as const) ?? 'png';
  return f === 'jpg' ? 'jpeg' : f;
}

export function parseLength(text: string): MarginLength | undefined {
  const m = /^(\d+(?:\.\d+)?)(px|%)?$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] === '%' ? '%' : 'px';
  if (unit === 'px' && (value > MAX_MARGIN_PX || !Number.isInteger(value))) return undefined;
  if (unit === '%' && value > MAX_MARGIN_PERCENT) return undefined;
  return { value, unit };
}

export function parseMargin(v: unknown): Margin {
  const zero: MarginLength = { value: 0, unit: 'px' };
  if (v === undefined) return [zero, zero, zero, zero];
  const parts = (
    Array.isArray(v)
      ? v.map(String)
      : String(v)
          .trim()
          .split(/[\s,]+/)
  ).filter((p) => p !== '');
  const lengths = parts.map((p) => parseLength(p.toLowerCase()));
  if (![1, 2, 4].includes(lengths.length) || lengths.some((l) => l === undefined)) {
    throw badOutputOption('crop_margin', Array.isArray(v) ? v.join(' ') : v);
  }
  const [a, b = a, c = a, d = b] = lengths as MarginLength[];
  // CSS order: 1 → all sides, 2 → vertical horizontal, 4 → top right bottom left.
  return lengths.length === 4 ? [a!, b!, c!, d!] : [a!, b!, a!, b!];
}

export function parseSize(v: unknown): OutputSize | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim().toLowerCase();
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_OUTPUT_EDGE;
  const pair = /^(\d+)\s*[x×]\s*(\d+)$/.exec(s);
  if (pair) {
    const width = Number(pair[1]);
    const height = Number(pair[2]);
    if (ok(width) && ok(height)) return { width, height };
  } else if (/^\d+$/.test(s) && ok(Number(s))) {
    return { longEdge: Number(s) };
  }
  throw badOutputOption('output_size', v);
}

export function parsePosition(v: unknown): { x: number; y: number } {
  if (v === undefined) return { x: 0.5, y: 0.5 };
  const s = String(v).trim().toLowerCase();
  if (s === 'center' || s === 'centre') return { x: 0.5, y: 0.5 };
  const m = /^(\d+(?:\.\d+)?)%\s+(\d+(?:\.\d+)?)%$/.exec(s);
  if (m) {
    const x = Number(m[1]);
    const y = Number(m[2]);
    if (x <= 100 && y <= 100) return { x: x / 100, y: y / 100 };
  }
  throw badOutputOption('position', v);
}

export function parseUrl(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    const url = new URL(String(v));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // falls through to the error
  }
  throw badOutputOption('bg_image_url', v);
}
