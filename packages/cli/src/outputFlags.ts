import {
  OUTPUT_OPTION_NAMES,
  type OutputOptions,
  outputExtension,
  parseOutputOptions,
} from '@cutout/core/output';

/** `crop_margin` → `crop-margin`: the CLI spelling of each output option. */
const flagName = (option: string) => option.replace(/_/g, '-');
const BOOLEAN = new Set(['crop', 'add_shadow']);

/** parseArgs options for every output option (`--preset amazon --format jpg --crop …`). */
export const OUTPUT_FLAGS = Object.fromEntries(
  OUTPUT_OPTION_NAMES.map((name) => [
    flagName(name),
    { type: BOOLEAN.has(name) ? ('boolean' as const) : ('string' as const) },
  ]),
);

export const OUTPUT_USAGE =
  '[--preset amazon|square|trimmed] [--crop] [--crop-margin 5%] [--output-size 2000x2000|N] [--position "50% 50%"] [--bg-color #fff] [--bg-image-url URL] [--add-shadow] [--format png|webp|jpg] [--channels rgba|alpha]';

export interface OutputChoice {
  /** Wire-form options (what the client sends, what a queue job stores). */
  options: OutputOptions | undefined;
  /** Extension of the files written (follows `format`, presets included). */
  extension: string;
}

/** Reads and validates the output flags: a bad value is a usage error before any work. */
export function readOutputFlags(values: Record<string, unknown>): OutputChoice {
  const options: Record<string, unknown> = {};
  for (const name of OUTPUT_OPTION_NAMES) {
    const v = values[flagName(name)];
    if (v !== undefined) options[name] = v;
  }
  const resolved = parseOutputOptions(options);
  return {
    options: Object.keys(options).length > 0 ? (options as OutputOptions) : undefined,
    extension: outputExtension(resolved.format),
  };
}

/** `photo.png` → `photo.jpg` when the output is JPEG. */
export function withExtension(name: string, extension: string): string {
  return name.replace(/\.[a-z0-9]+$/i, '') + extension;
}
