import type { MaskEditor } from './createMaskEditor';
import { downsampleHalf } from './downsampleHalf';
import { clipRect, type Rect } from './maskBuffer';
import { MIN_ZOOM } from './zoomSteps';

export type LevelCanvas = OffscreenCanvas | HTMLCanvasElement;
type LevelContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

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
  readonly canvases: readonly LevelCanvas[];
  /** Recomposes `rect` (image pixels) into every level; returns the rectangle it covered. */
  update(rect: Rect): Rect | undefined;
  /** Reads back full-resolution pixels (straight RGBA), as every 1:1 frame shows them. */
  read(rect: Rect): Uint8ClampedArray;
}

/** An OffscreenCanvas where there is one, else a DOM canvas that is never attached. */
function makeCanvas(width: number, height: number): LevelCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement('canvas'), { width, height });
}

/**
 * The edited cutout off screen, as real editors keep it: the full-resolution composite and a
 * pyramid of halvings (mip levels), each a canvas that is never committed to the compositor
 * (a 12 MP canvas in the page cost a 48 MB commit, 0.4–0.6 s per frame in software
 * rendering). The view draws only its visible part from the level nearest its zoom. Edits
 * arrive as dirty rectangles: composed once in JS (one reused buffer), put into the full
 * level, halved in JS (premultiplied 2×2 means) into the others. Levels are not drawn from
 * one another on purpose: a canvas drawn from keeps a snapshot, and the next write into it
 * would copy the whole 48 MB.
 */
export function createCompositeLevels(editor: MaskEditor): CompositeLevels {
  const { width, height } = editor.getSnapshot();
  const canvases: LevelCanvas[] = [];
  const contexts: LevelContext[] = [];
  for (let k = 0; k <= LEVELS; k++) {
    const canvas = makeCanvas(Math.ceil(width / 2 ** k), Math.ceil(height / 2 ** k));
    const ctx = canvas.getContext('2d') as LevelContext | null;
    if (!ctx) throw new Error('no 2D canvas to draw the editor into');
    canvases.push(canvas);
    contexts.push(ctx);
  }
  // Grown as needed and reused: a fresh buffer per move is garbage the GC must chase.
  const buffers: Uint8ClampedArray<ArrayBuffer>[] = [];
  const buffer = (k: number, bytes: number) => {
    if ((buffers[k]?.length ?? 0) < bytes) buffers[k] = new Uint8ClampedArray(bytes);
    return buffers[k]!.subarray(0, bytes);
  };

  return {
    canvases,
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
      contexts[0]!.putImageData(new ImageData(rgba, w, h), rect.x, rect.y);
      for (let k = 1; k <= LEVELS; k++) {
        const half = buffer(k % 2 === 1 ? 1 : 2, ((w + 1) >> 1) * ((h + 1) >> 1) * 4);
        downsampleHalf(rgba, w, h, half);
        w = (w + 1) >> 1;
        h = (h + 1) >> 1;
        rgba = half;
        contexts[k]!.putImageData(new ImageData(rgba, w, h), rect.x >> k, rect.y >> k);
      }
      return rect;
    },
    read(rect) {
      return contexts[0]!.getImageData(rect.x, rect.y, rect.width, rect.height).data;
    },
  };
}
