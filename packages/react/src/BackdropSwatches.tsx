'use client';
import { useId } from 'react';
import { type Backdrop, backdropKind, backdropStyle, sameBackdrop } from './backdrop';
import type { CutoutMessages } from './messages';

export interface BackdropSwatchesProps {
  value: Backdrop;
  swatches: readonly Backdrop[];
  messages: CutoutMessages;
  onChange(backdrop: Backdrop): void;
}

/**
 * The backdrop choices of `<CompositePreview>` and `<CutoutEditor>`: native radios (keyboard
 * and screen readers for free) plus a colour picker for any colour.
 */
export function BackdropSwatches({ value, swatches, messages, onChange }: BackdropSwatchesProps) {
  const name = useId();
  const customColour = typeof value === 'object' && 'color' in value ? value.color : '#888888';
  return (
    <fieldset className="cutout-swatches">
      <legend>{messages.backdropLabel}</legend>
      {swatches.map((swatch) => {
        const k = backdropKind(swatch);
        const label =
          k === 'custom' && typeof swatch === 'object' && 'color' in swatch
            ? `${messages.backdrops.custom} ${swatch.color}`
            : messages.backdrops[k];
        return (
          <label key={JSON.stringify(swatch)} className="cutout-swatch" data-backdrop={k}>
            <input
              type="radio"
              name={name}
              checked={sameBackdrop(swatch, value)}
              onChange={() => onChange(swatch)}
              aria-label={label}
            />
            <span
              className="cutout-swatch__chip"
              style={backdropStyle(swatch)}
              aria-hidden="true"
            />
          </label>
        );
      })}
      <label className="cutout-swatch" data-backdrop="custom">
        <input
          type="color"
          value={customColour}
          aria-label={messages.backdrops.custom}
          onChange={(e) => onChange({ color: e.target.value })}
        />
      </label>
    </fieldset>
  );
}
