'use client';
import type { CSSProperties } from 'react';

export interface ProgressBarProps {
  /** 0–100, or undefined for an indeterminate bar (processing). */
  value: number | undefined;
  label: string;
  /** Text read by screen readers instead of the bare number. */
  valueText?: string;
  className?: string;
}

/**
 * A progressbar with the full `aria-value*` set when the amount is known and none of them
 * when it is not (the ARIA way to say "indeterminate"); the fill width is a CSS variable so
 * styles can animate it.
 */
export function ProgressBar({ value, label, valueText, className }: ProgressBarProps) {
  const known = value !== undefined;
  const pct = known ? Math.max(0, Math.min(100, Math.round(value))) : undefined;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={pct}
      aria-valuetext={known ? valueText : undefined}
      data-state={known ? (pct === 100 ? 'complete' : 'loading') : 'indeterminate'}
      className={className ?? 'cutout-progress'}
      style={{ '--cutout-progress': known ? `${pct}%` : undefined } as CSSProperties}
    >
      <div className="cutout-progress__fill" />
    </div>
  );
}

/** Percent of a byte transfer, when its total is known. */
export function percentOf(loaded: number | undefined, total: number | undefined) {
  return loaded !== undefined && total ? (loaded / total) * 100 : undefined;
}
