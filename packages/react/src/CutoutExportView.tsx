'use client';
import {
  formatColor,
  OUTPUT_PRESETS,
  type OutputOptions,
  type OutputPreset,
  type ResolvedOutput,
} from '@cutout/core/output';
import { type CSSProperties, useId, useLayoutEffect, useRef } from 'react';
import { defaultExportMessages, type ExportMessages, fillIn } from './exportMessages';
import { type UseCutoutExportOptions, useCutoutExport } from './useCutoutExport';

export interface ExportSwatch {
  /** `'transparent'` or a colour the options accept (`#ffffff`, `white`). */
  value: string;
  label: string;
}

export interface CutoutExportProps extends UseCutoutExportOptions {
  /** Background swatches; default transparent, white, light grey, black. */
  swatches?: readonly ExportSwatch[];
  /** `output_size` choices (`''` is the cutout's own size). */
  sizes?: readonly string[];
  messages?: Partial<ExportMessages>;
  className?: string;
  style?: CSSProperties;
}

const FORMATS = [
  ['png', 'PNG'],
  ['webp', 'WebP'],
  ['jpg', 'JPEG'],
] as const;
const DEFAULT_SIZES = ['', '1000x1000', '1600x1600', '2000x2000', '2000'];
const MAX_MARGIN = 30;

/**
 * The export panel: preset, background swatches, margin, shadow, size and format, a live
 * preview composed in the browser with the server's maths (in a worker: the controls stay
 * responsive on a 12 MP cutout), and a download of exactly that image. Native form controls,
 * so labels and keyboard work as everywhere; `data-state` is the hook's status.
 */
export function CutoutExportView(props: CutoutExportProps) {
  const m = { ...defaultExportMessages, ...props.messages };
  const exp = useCutoutExport(props);
  const { resolved, output, update, frame, status } = exp;
  const id = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);

  // A layout effect: the frame is on the canvas in the same commit as `data-state="ready"`.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !frame) return;
    canvas.width = frame.bitmap.width;
    canvas.height = frame.bitmap.height;
    canvas.getContext('2d')?.drawImage(frame.bitmap, 0, 0);
  }, [frame]);

  const swatches: readonly ExportSwatch[] = props.swatches ?? [
    { value: 'transparent', label: m.backgrounds.transparent },
    { value: '#ffffff', label: m.backgrounds.white },
    { value: '#f4f4f5', label: m.backgrounds.light },
    { value: '#000000', label: m.backgrounds.black },
  ];
  const sizes = withCurrent(props.sizes ?? DEFAULT_SIZES, sizeValue(resolved));
  const format = resolved?.format === 'jpeg' ? 'jpg' : (resolved?.format ?? 'png');
  const background = resolved ? backgroundValue(resolved) : 'transparent';
  const margin = resolved?.margin[0].unit === '%' ? resolved.margin[0].value : 0;
  const busy = status === 'decoding' || status === 'composing';
  const set = (patch: Partial<OutputOptions>) => update(patch);

  return (
    <section
      className={['cutout-export', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state={status}
      data-composer={exp.composer}
      aria-label={m.panelLabel}
      aria-busy={busy}
    >
      <div className="cutout-export__controls">
        <label className="cutout-export__field">
          <span>{m.presetLabel}</span>
          <select
            value={output.preset ?? ''}
            onChange={(e) => {
              const preset = e.currentTarget.value as OutputPreset | '';
              // A preset is a fresh start: its bundle, without the previous overrides.
              exp.setOutput(preset ? { preset } : {});
            }}
          >
            <option value="">{m.presetNone}</option>
            {(Object.keys(OUTPUT_PRESETS) as OutputPreset[]).map((p) => (
              <option key={p} value={p}>
                {m.presets[p]}
              </option>
            ))}
          </select>
        </label>

        <fieldset className="cutout-export__swatches">
          <legend>{m.backgroundLabel}</legend>
          {swatches.map((s) => (
            <label key={s.value} className="cutout-export__swatch" title={s.label}>
              <input
                type="radio"
                name={`${id}-bg`}
                value={s.value}
                checked={background === normalise(s.value)}
                // JPEG has no transparency: what shows through is white.
                disabled={format === 'jpg' && s.value === 'transparent'}
                onChange={() => set({ bg_color: s.value })}
              />
              <span
                className="cutout-export__chip"
                data-swatch={s.value}
                style={s.value === 'transparent' ? undefined : { background: s.value }}
              />
              <span className="cutout-export__sr">{s.label}</span>
            </label>
          ))}
        </fieldset>

        <div className="cutout-export__field">
          <label htmlFor={`${id}-margin`}>
            {m.marginLabel} <output htmlFor={`${id}-margin`}>{margin}%</output>
          </label>
          <input
            id={`${id}-margin`}
            type="range"
            min={0}
            max={MAX_MARGIN}
            step={1}
            value={Math.min(margin, MAX_MARGIN)}
            aria-valuetext={`${margin}%`}
            onChange={(e) => set({ crop: true, crop_margin: `${e.currentTarget.value}%` })}
          />
        </div>

        <label className="cutout-export__check">
          <input
            type="checkbox"
            checked={resolved?.shadow ?? false}
            onChange={(e) => set({ add_shadow: e.currentTarget.checked })}
          />
          <span>{m.shadowLabel}</span>
        </label>

        <label className="cutout-export__field">
          <span>{m.sizeLabel}</span>
          <select
            value={sizeValue(resolved)}
            onChange={(e) => {
              const value = e.currentTarget.value;
              const { output_size: _dropped, ...rest } = output;
              // '' drops the override: the preset's size, or the cutout's own.
              exp.setOutput(value ? { ...rest, output_size: value } : rest);
            }}
          >
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s === '' ? m.sizeOriginal : s.includes('x') ? s.replace('x', ' × ') : `${s} px`}
              </option>
            ))}
          </select>
        </label>

        <fieldset className="cutout-export__formats">
          <legend>{m.formatLabel}</legend>
          {FORMATS.map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-format`}
                value={value}
                checked={format === value}
                onChange={() => set({ format: value })}
              />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
      </div>

      <figure className="cutout-export__preview" data-format={format}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={
            frame
              ? fillIn(m.previewDescription, {
                  width: frame.width,
                  height: frame.height,
                  description: frame.description,
                })
              : m.previewLabel
          }
        />
        {busy && !frame ? <figcaption>{m.preparing}</figcaption> : null}
      </figure>

      {exp.error ? (
        <p className="cutout-export__error" role="alert">
          {exp.error.message}
        </p>
      ) : null}

      <button
        type="button"
        className="cutout-export__download"
        disabled={!frame || status !== 'ready'}
        onClick={() => void exp.download()}
      >
        {frame
          ? fillIn(m.download, {
              format: FORMATS.find(([v]) => v === format)![1],
              width: frame.width,
              height: frame.height,
            })
          : m.downloadIdle}
      </button>
    </section>
  );
}

function normalise(value: string): string {
  return value === 'transparent' ? value : value.toLowerCase();
}

function backgroundValue(o: ResolvedOutput): string {
  return o.background[3] === 0 ? 'transparent' : formatColor(o.background).toLowerCase();
}

function sizeValue(o: ResolvedOutput | undefined): string {
  if (!o?.size) return '';
  return 'longEdge' in o.size ? String(o.size.longEdge) : `${o.size.width}x${o.size.height}`;
}

function withCurrent(sizes: readonly string[], current: string): readonly string[] {
  return sizes.includes(current) ? sizes : [...sizes, current];
}
