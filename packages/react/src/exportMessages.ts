import type { OutputPreset } from '@cutout/core/output';

/**
 * The export panel's strings, English by default; pass a partial object as
 * `<CutoutExport messages>` to translate. Kept apart from `CutoutMessages` so the panel's
 * text loads with the panel, not with every page.
 */
export interface ExportMessages {
  panelLabel: string;
  presetLabel: string;
  presetNone: string;
  presets: Record<OutputPreset, string>;
  backgroundLabel: string;
  backgrounds: Record<'transparent' | 'white' | 'light' | 'black', string>;
  marginLabel: string;
  shadowLabel: string;
  sizeLabel: string;
  sizeOriginal: string;
  formatLabel: string;
  previewLabel: string;
  /** `{description}`, `{width}`, `{height}` are replaced. */
  previewDescription: string;
  /** `{format}`, `{width}`, `{height}` are replaced. */
  download: string;
  /** The download button before there is anything to download. */
  downloadIdle: string;
  preparing: string;
}

export const defaultExportMessages: ExportMessages = {
  panelLabel: 'Export',
  presetLabel: 'Preset',
  presetNone: 'Custom',
  presets: {
    amazon: 'Amazon main image (white JPEG, 2000 px)',
    square: 'Storefront square (1600 px)',
    trimmed: 'Trimmed to the subject',
  },
  backgroundLabel: 'Background',
  backgrounds: {
    transparent: 'Transparent',
    white: 'White',
    light: 'Light grey',
    black: 'Black',
  },
  marginLabel: 'Margin',
  shadowLabel: 'Contact shadow',
  sizeLabel: 'Size',
  sizeOriginal: 'Original',
  formatLabel: 'Format',
  previewLabel: 'Export preview',
  previewDescription: 'Export preview, {width} × {height}: {description}',
  download: 'Download {format} ({width} × {height})',
  downloadIdle: 'Download',
  preparing: 'Preparing…',
};

export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
