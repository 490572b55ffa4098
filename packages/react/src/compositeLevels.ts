import { type BandedCanvas, createBandedCanvas } from './bandedCanvas';
import type { MaskEditor } from './createMaskEditor';
import { downsampleHalf } from './downsampleHalf';
import { clipRect, type Rect } from './maskBuffer';
import { MIN_ZOOM } from './zoomSteps';

/**
 * Halvings kept besides full resolution: the view never draws below MIN_ZOOM (25 %), where
 * ¼ resolution is already 1:1 on a 1× screen, so every zoom finds a level at most 2× the
 * view's size.
 */
const LEVELS = Math.max(0, Math.round(Math.log2(100 / MIN_ZOOM)));
/** Dirty rectangles are widened to this grid so every level's rectangle is whole pixels. */
const ALIGN = 2 ** LEVELS;

export interface CompositeLevels {
  /** Full resolution first, then each halving. None of them is in the DOM. */
  readonly levels: readonly BandedCanvas[];
  /** Recomposes `rect` (image pixels) into every level; returns the rectangle it covered. */
  update(rect: Rect): Rect | undefined;
  /** Reads back full-resolution pixels (straight RGBA), as every 1:1 frame shows them. */
  read(rect: Rect): Uint8ClampedArray;
}

/**
 * The edited cutout off screen, as real editors keep it: the full-resolution composite and a
 * pyramid of halvings (mip levels), in canvases that are never committed to the compositor
 * (a 12 MP canvas in the page cost a 48 MB commit, 0.4–0.6 s per frame in software
 * rendering) and are made band by band (see bandedCanvas). The view draws only its visible
 * part from the level nearest its zoom. Edits arrive as dirty rectangles: composed once in
 * JS (one reused buffer), put into the full level, halved in JS (premultiplied 2×2 means)
 * into the others. Levels are not drawn from one another on purpose: a canvas drawn from
 * keeps a snapshot until the drawing is rendered, and a write before that copies it whole.
 */
export function createCompositeLevels(editor: MaskEditor): CompositeLevels {
  const { width, height } = editor.getSnapshot();
  const levels: BandedCanvas[] = [];
  for (let k = 0; k <= LEVELS; k++) {
    levels.push(createBandedCanvas(Math.ceil(width / 2 ** k), Math.ceil(height / 2 ** k)));
  }
  // Grown as needed and reused: a fresh buffer per move is garbage the GC must chase.
  const buffers: Uint8ClampedArray<ArrayBuffer>[] = [];
  const buffer = (k: number, bytes: number) => {
    if ((buffers[k]?.length ?? 0) < bytes) buffers[k] = new Uint8ClampedArray(bytes);
    return buffers[k]!.subarray(0, bytes);
  };

  return {
    levels,
    update(dirty) {
      const x = Math.floor(dirty.x / ALIGN) * ALIGN;
      const y = Math.floor(dirty.y / ALIGN) * ALIGN;
      const rect = clipRect(
        {
          x,
          y,
          width: Math.ceil((dirty.x + dirty.width) / ALIGN) * ALIGN - x,
          height: Math.ceil((dirty.y + dirty.height) / ALIGN) * ALIGN - y,
        },
        width,
        height,
      );
      if (!rect) return undefined;
      let w = rect.width;
      let h = rect.height;
      let rgba = editor.compose(rect, buffer(0, w * h * 4));
      levels[0]!.put(rgba, rect);
      for (let k = 1; k <= LEVELS; k++) {
        const half = buffer(k % 2 === 1 ? 1 : 2, ((w + 1) >> 1) * ((h + 1) >> 1) * 4);
        downsampleHalf(rgba, w, h, half);
        w = (w + 1) >> 1;
        h = (h + 1) >> 1;
        rgba = half;
        levels[k]!.put(rgba, { x: rect.x >> k, y: rect.y >> k, width: w, height: h });
      }
      return rect;
    },
    read(rect) {
      return levels[0]!.read(rect);
    },
  };
}
