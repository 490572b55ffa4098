'use client';
import { type RefObject, useCallback, useLayoutEffect, useRef } from 'react';

export interface PanZoom {
  /** Pans by screen pixels and writes the transform (no React render). */
  panBy(dx: number, dy: number): void;
  /** Centres the image in the viewport at the current zoom. */
  centre(): void;
  /** The current pan offset in screen pixels. */
  readonly offset: { x: number; y: number };
  /** Records the screen point (viewport coordinates) the next zoom change should keep still. */
  anchorAt(x: number, y: number): void;
  /** The zoom the transform shows now (1 = 100 %); it follows React's zoom in a layout effect. */
  readonly scale: number;
  /** Called after every transform written (pan or zoom): a view drawn on a canvas redraws. */
  onWrite(listener: () => void): () => void;
}

/**
 * Pan and zoom as a CSS transform on the stage, written straight to the DOM: a drag or a
 * wheel moves 60 times a second, and re-rendering React for each would drop frames on a
 * 12 MP canvas. Zoom is React state (a toolbar shows it); pan is not.
 */
export function usePanZoom(
  viewport: RefObject<HTMLElement | null>,
  stage: RefObject<HTMLElement | null>,
  zoom: number,
  size: { width: number; height: number },
): PanZoom {
  const offset = useRef({ x: 0, y: 0 });
  const appliedZoom = useRef(zoom);
  const anchor = useRef<{ x: number; y: number } | undefined>(undefined);
  const listeners = useRef(new Set<() => void>());

  const write = useCallback(() => {
    const el = stage.current;
    if (!el) return;
    const s = appliedZoom.current / 100;
    el.style.transform = `translate(${offset.current.x}px, ${offset.current.y}px) scale(${s})`;
    for (const l of listeners.current) l();
  }, [stage]);

  const centre = useCallback(() => {
    const vp = viewport.current;
    const s = appliedZoom.current / 100;
    const w = vp?.clientWidth ?? 0;
    const h = vp?.clientHeight ?? 0;
    offset.current = { x: (w - size.width * s) / 2, y: (h - size.height * s) / 2 };
    write();
  }, [viewport, size.width, size.height, write]);

  // Layout effect: the new transform lands in the same frame as the new zoom.
  useLayoutEffect(() => {
    const previous = appliedZoom.current;
    if (previous !== zoom) {
      const vp = viewport.current;
      const point = anchor.current ?? {
        x: (vp?.clientWidth ?? 0) / 2,
        y: (vp?.clientHeight ?? 0) / 2,
      };
      const k = zoom / previous;
      // Keep the image point under `point` where it is: p − (p − o)·k.
      offset.current = {
        x: point.x - (point.x - offset.current.x) * k,
        y: point.y - (point.y - offset.current.y) * k,
      };
      appliedZoom.current = zoom;
      anchor.current = undefined;
    }
    write();
  }, [zoom, viewport, write]);

  return {
    panBy(dx, dy) {
      offset.current = { x: offset.current.x + dx, y: offset.current.y + dy };
      write();
    },
    centre,
    get offset() {
      return offset.current;
    },
    anchorAt(x, y) {
      anchor.current = { x, y };
    },
    get scale() {
      return appliedZoom.current / 100;
    },
    onWrite(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
}
