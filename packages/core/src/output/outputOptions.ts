import {
  badOutputOption,
  type Margin,
  type OutputFormat,
  type OutputSize,
  overWhite,
  parseBoolean,
  parseEnum,
  parseFormat,
  parseMargin,
  parsePosition,
  parseSize,
  parseUrl,
} from './outputValues';
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

/** Options after parsing: validated, presets applied, defaults filled in. */
export interface ResolvedOutput {
  crop: boolean;
  /** top, right, bottom, left. */
  margin: Margin;
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

export { OutputCode } from '../upstream';
export {
  badOutputOption,
  MAX_MARGIN_PERCENT,
  MAX_MARGIN_PX,
  MAX_OUTPUT_EDGE,
  type MarginLength,
  type OutputFormat,
  type OutputSize,
} from './outputValues';

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
