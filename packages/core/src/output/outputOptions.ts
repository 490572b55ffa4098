import { CutoutError } from '../CutoutError';
import { OutputCode } from '../upstream';
import { formatColor, parseColor, type Rgba } from './parseColor';

/**
 * The output vocabulary (issue #12), the same on every path: proxy fields / JSON keys /
 * query parameters, `client.removeBackground(input, { output })`, CLI flags (`--crop-margin`
 * for `crop_margin`), queue jobs and the React export panel. Wire values are strings; typed
 * callers may pass numbers, booleans and arrays where they read naturally.
 */
export interface OutputOptions {
  /** Trim to the subject's box (alpha above `CROP_ALPHA_THRESHOLD`). Default false. */
  crop?: boolean | 'true' | 'false';
  /** `24`, `'24px'`, `'10%'` (of the subject's box on that axis); 1, 2 or 4 values like CSS. */
  crop_margin?: number | string | readonly (number | string)[];
  /** Final canvas: `'2000x2000'` or a long edge `1600`; the subject is contain-fitted inside. */
  output_size?: number | string;
  /** Where the subject sits in the canvas's free room: `'center'` (default) or `'x% y%'`. */
  position?: string;
  /** `'transparent'` (default), hex (`#fff`, `ffffff`, `ffffff80`) or a CSS colour name. */
  bg_color?: string;
  /** An image behind the subject, cover-fitted (fetched by the proxy, SSRF-guarded). */
  bg_image_url?: string;
  /** A soft contact shadow from the alpha, under the subject. Default false. */
  add_shadow?: boolean | 'true' | 'false';
  /** Default `png`; JPEG gets white behind it unless a background is given. */
  format?: OutputFormatName;
  /** `'alpha'`: the matte alone, one channel. Default `'rgba'`. */
  channels?: 'rgba' | 'alpha';
  /** A named bundle of the above; explicit options win over it. */
  preset?: OutputPreset;
}

export type OutputFormatName = 'png' | 'webp' | 'jpg' | 'jpeg';
export type OutputFormat = 'png' | 'webp' | 'jpeg';
export type OutputPreset = 'amazon' | 'square' | 'trimmed';

/** Every option name, in the order they are documented. */
export const OUTPUT_OPTION_NAMES = [
  'crop',
  'crop_margin',
  'output_size',
  'position',
  'bg_color',
  'bg_image_url',
  'add_shadow',
  'format',
  'channels',
  'preset',
] as const satisfies readonly (keyof OutputOptions)[];

/**
 * The presets. `amazon`: Amazon's main image — pure white JPEG, 2000 px square (≥ 1600 px
 * enables zoom), the subject trimmed with 5 % margins so it fills 1/1.1 ≈ 91 % of the frame
 * (Amazon asks ≥ 85 %). `square`: storefront tiles — trimmed, 10 % even padding, 1600 px
 * square, transparent PNG unless `bg_color` is given. `trimmed`: design tools — the subject's
 * box exactly, no margin, original resolution, PNG.
 */
export const OUTPUT_PRESETS: Readonly<Record<OutputPreset, Readonly<OutputOptions>>> = {
  amazon: {
    crop: true,
    crop_margin: '5%',
    output_size: '2000x2000',
    bg_color: '#ffffff',
    format: 'jpg',
  },
  square: { crop: true, crop_margin: '10%', output_size: '1600x1600' },
  trimmed: { crop: true, crop_margin: 0 },
};

/** A margin on one side: output pixels, or a fraction of the subject's size on that axis. */
export interface MarginLength {
  value: number;
  unit: 'px' | '%';
}

export type OutputSize = { width: number; height: number } | { longEdge: number };

/** Options after parsing: validated, presets applied, defaults filled in. */
export interface ResolvedOutput {
  crop: boolean;
  /** top, right, bottom, left. */
  margin: readonly [MarginLength, MarginLength, MarginLength, MarginLength];
  size: OutputSize | undefined;
  /** Fractions 0..1 of the free room on each axis (0.5 = centred). */
  position: { x: number; y: number };
  /** Straight RGBA; alpha 0 is transparent. JPEG always gets an opaque one (white). */
  background: Rgba;
  backgroundImageUrl: string | undefined;
  shadow: boolean;
  format: OutputFormat;
  channels: 'rgba' | 'alpha';
  preset: OutputPreset | undefined;
}

/** Largest canvas edge we compose (browsers refuse bigger canvases). */
export const MAX_OUTPUT_EDGE = 16384;
/** Margins are capped so a typo cannot ask for a gigapixel canvas. */
export const MAX_MARGIN_PX = 4096;
export const MAX_MARGIN_PERCENT = 100;

export { OutputCode } from '../upstream';

const ALLOWED: Record<(typeof OUTPUT_OPTION_NAMES)[number], string> = {
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
  const allowed = ALLOWED[option as keyof typeof ALLOWED] ?? 'see the output options table';
  const shown = typeof got === 'string' ? `"${got.slice(0, 80)}"` : String(got);
  return new CutoutError('input', `Bad ${option} ${shown}: expected ${allowed}.`, {
    reason: 'bad-output-option',
    code: OutputCode.badOption,
    status: 400,
  });
}

/** True when at least one output option is present (anything to compose at all). */
export function hasOutputOptions(raw: Readonly<Record<string, unknown>>): boolean {
  return OUTPUT_OPTION_NAMES.some((name) => raw[name] !== undefined && raw[name] !== '');
}

/**
 * Validates and resolves output options from any path (strings from a form or a query,
 * typed values from code). Unknown keys are ignored (a query may carry the app's own
 * parameters); a bad value throws `badOutputOption`.
 */
export function parseOutputOptions(raw: Readonly<Record<string, unknown>> = {}): ResolvedOutput {
  const given = (name: keyof OutputOptions) =>
    raw[name] === undefined || raw[name] === '' ? undefined : raw[name];
  const presetValue = given('preset');
  let preset: OutputPreset | undefined;
  if (presetValue !== undefined) {
    const p = String(presetValue).trim().toLowerCase();
    if (!(p in OUTPUT_PRESETS)) throw badOutputOption('preset', presetValue);
    preset = p as OutputPreset;
  }
  const base: Readonly<OutputOptions> = preset ? OUTPUT_PRESETS[preset] : {};
  const pick = (name: keyof OutputOptions) => given(name) ?? base[name];

  const format = parseFormat(pick('format'));
  const channels = parseEnum('channels', pick('channels'), ['rgba', 'alpha'] as const) ?? 'rgba';
  const colour = pick('bg_color');
  let background: Rgba = [0, 0, 0, 0];
  if (colour !== undefined) {
    const c = typeof colour === 'string' ? parseColor(colour) : undefined;
    if (!c) throw badOutputOption('bg_color', colour);
    background = c;
  }
  // JPEG has no alpha: what shows through is white, as the issue specifies.
  if (format === 'jpeg' && background[3] < 255) background = overWhite(background);

  return {
    crop: parseBoolean('crop', pick('crop')) ?? false,
    margin: parseMargin(pick('crop_margin')),
    size: parseSize(pick('output_size')),
    position: parsePosition(pick('position')),
    background,
    backgroundImageUrl: parseUrl(pick('bg_image_url')),
    shadow: parseBoolean('add_shadow', pick('add_shadow')) ?? false,
    format,
    channels,
    preset,
  };
}

/**
 * Writes options back as wire strings (query parameters, form fields, CLI job data): what
 * the client sends and the queue stores. Validates on the way, so a bad value fails at the
 * caller, before any upload.
 */
export function outputParams(options: Readonly<OutputOptions>): Record<string, string> {
  parseOutputOptions(options as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const name of OUTPUT_OPTION_NAMES) {
    const v = options[name];
    if (v === undefined || v === '') continue;
    out[name] = Array.isArray(v) ? v.map(String).join(' ') : String(v);
  }
  return out;
}

/** The MIME type of an output format. */
export function outputContentType(format: OutputFormat): string {
  return format === 'jpeg' ? 'image/jpeg' : `image/${format}`;
}

/** The file extension of an output format (`.jpg` for JPEG, as marketplaces expect). */
export function outputExtension(format: OutputFormat): string {
  return format === 'jpeg' ? '.jpg' : `.${format}`;
}

/** True when the options change nothing: the engine's PNG is the answer as it is. */
export function isPassthrough(o: ResolvedOutput): boolean {
  return (
    !o.crop &&
    o.size === undefined &&
    o.margin.every((m) => m.value === 0) &&
    o.background[3] === 0 &&
    o.backgroundImageUrl === undefined &&
    !o.shadow &&
    o.format === 'png' &&
    o.channels === 'rgba'
  );
}

/** Describes resolved options for logs and stories (`crop, margin 5%, 2000x2000, #ffffff, jpeg`). */
export function describeOutput(o: ResolvedOutput): string {
  const parts: string[] = [];
  if (o.preset) parts.push(o.preset);
  if (o.crop) parts.push('crop');
  if (o.margin.some((m) => m.value !== 0))
    parts.push(`margin ${o.margin.map((m) => `${m.value}${m.unit}`).join(' ')}`);
  if (o.size)
    parts.push(
      'longEdge' in o.size ? `long edge ${o.size.longEdge}` : `${o.size.width}x${o.size.height}`,
    );
  if (o.background[3] > 0) parts.push(formatColor(o.background));
  if (o.backgroundImageUrl) parts.push('image background');
  if (o.shadow) parts.push('shadow');
  parts.push(o.channels === 'alpha' ? `${o.format} matte` : o.format);
  return parts.join(', ');
}

function overWhite(c: Rgba): Rgba {
  const a = c[3] / 255;
  const mix = (v: number) => Math.round(v * a + 255 * (1 - a));
  return [mix(c[0]), mix(c[1]), mix(c[2]), 255];
}

function parseBoolean(name: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true || v === false) return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw badOutputOption(name, v);
}

function parseEnum<T extends string>(
  name: string,
  v: unknown,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(s)) throw badOutputOption(name, v);
  return s as T;
}

function parseFormat(v: unknown): OutputFormat {
  const f = parseEnum('format', v, ['png', 'webp', 'jpg', 'jpeg'] as const) ?? 'png';
  return f === 'jpg' ? 'jpeg' : f;
}

function parseLength(text: string): MarginLength | undefined {
  const m = /^(\d+(?:\.\d+)?)(px|%)?$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] === '%' ? '%' : 'px';
  if (unit === 'px' && (value > MAX_MARGIN_PX || !Number.isInteger(value))) return undefined;
  if (unit === '%' && value > MAX_MARGIN_PERCENT) return undefined;
  return { value, unit };
}

function parseMargin(v: unknown): ResolvedOutput['margin'] {
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

function parseSize(v: unknown): OutputSize | undefined {
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

function parsePosition(v: unknown): { x: number; y: number } {
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

function parseUrl(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    const url = new URL(String(v));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // falls through to the error
  }
  throw badOutputOption('bg_image_url', v);
}
