'use client';
import { type PointerEvent, type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { context2d } from './loadImagePixels';
import type { PanZoom } from './usePanZoom';

/** Loupe diameter in CSS px and how many image pixels it shows across. */
const LOUPE_PX = 160;
const LOUPE_SPAN = 20;

export interface Loupe {
  element: ReactNode;
  move(e: PointerEvent<HTMLElement>, dragging: boolean): void;
  hide(): void;
}

/**
 * A magnifier under the pointer: a small canvas redrawn from the main canvas (pixelated, 8×
 * a 20-pixel span) at most once per animation frame, positioned by transform. No React state:
 * pointer moves never re-render.
 */
export function useLoupe(
  enabled: boolean,
  viewport: RefObject<HTMLElement | null>,
  source: RefObject<HTMLCanvasElement | null>,
  view: PanZoom,
  zoom: number,
): Loupe {
  const ref = useRef<HTMLCanvasElement>(null);
  const frame = useRef(0);
  const last = useRef({ x: 0, y: 0 });
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const draw = () => {
    frame.current = 0;
    const loupe = ref.current;
    const src = source.current;
    if (!loupe || !src) return;
    const { x, y } = last.current;
    const s = zoomRef.current / 100;
    const ix = (x - view.offset.x) / s;
    const iy = (y - view.offset.y) / s;
    loupe.style.transform = `translate(${x - LOUPE_PX / 2}px, ${y - LOUPE_PX / 2}px)`;
    loupe.hidden = ix < 0 || iy < 0 || ix >= src.width || iy >= src.height;
    if (loupe.hidden) return;
    const ctx = context2d(loupe);
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, loupe.width, loupe.height);
    ctx.drawImage(
      src,
      ix - LOUPE_SPAN / 2,
      iy - LOUPE_SPAN / 2,
      LOUPE_SPAN,
      LOUPE_SPAN,
      0,
      0,
      loupe.width,
      loupe.height,
    );
  };

  return {
    element: enabled ? (
      <canvas
        ref={ref}
        className="cutout-inspector__loupe"
        width={LOUPE_PX}
        height={LOUPE_PX}
        hidden
      />
    ) : null,
    move(e, dragging) {
      const loupe = ref.current;
      const vp = viewport.current;
      if (!loupe || !vp) return;
      if (dragging || e.pointerType === 'touch') {
        loupe.hidden = true;
        return;
      }
      const rect = vp.getBoundingClientRect();
      last.current = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      if (!frame.current) frame.current = requestAnimationFrame(draw);
    },
    hide() {
      if (ref.current) ref.current.hidden = true;
    },
  };
}
