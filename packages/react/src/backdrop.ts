import type { CSSProperties } from 'react';

/**
 * What shows behind a cutout. `dark` is #111 (the default: halos and bright rims show up on
 * dark, which is where product cutouts usually fail), `checkerboard` shows transparency.
 */
export type Backdrop = 'dark' | 'checkerboard' | 'white' | { color: string } | { image: string };

export type BackdropKind = 'dark' | 'checkerboard' | 'white' | 'custom' | 'image';

export const DEFAULT_SWATCHES: readonly Backdrop[] = ['dark', 'checkerboard', 'white'];

export function backdropKind(b: Backdrop): BackdropKind {
  if (typeof b === 'string') return b;
  return 'color' in b ? 'custom' : 'image';
}

export function sameBackdrop(a: Backdrop, b: Backdrop): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** CSS custom properties for the stage; the stylesheet draws the checkerboard. */
export function backdropStyle(b: Backdrop): CSSProperties {
  if (b === 'dark') return { '--cutout-backdrop': 'var(--cutout-dark, #111)' } as CSSProperties;
  if (b === 'white') return { '--cutout-backdrop': '#fff' } as CSSProperties;
  if (b === 'checkerboard') return {};
  if ('color' in b) return { '--cutout-backdrop': b.color } as CSSProperties;
  return { '--cutout-backdrop-image': `url(${JSON.stringify(b.image)})` } as CSSProperties;
}

/** Reads a backdrop saved by `saveBackdrop`; undefined if none, invalid, or no storage (SSR). */
export function loadBackdrop(key: string): Backdrop | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    if (value === 'dark' || value === 'checkerboard' || value === 'white') return value;
    if (typeof value === 'object' && value !== null) {
      const v = value as { color?: unknown; image?: unknown };
      if (typeof v.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(v.color))
        return { color: v.color };
      if (typeof v.image === 'string') return { image: v.image };
    }
  } catch {
    // Storage blocked (privacy mode, sandboxed iframe): just do not remember.
  }
  return undefined;
}

export function saveBackdrop(key: string, b: Backdrop): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(b));
  } catch {
    // Quota or blocked storage: remembering is a nicety, never an error.
  }
}
