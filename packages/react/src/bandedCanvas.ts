import type { Rect } from './maskBuffer';

type BandCanvas = OffscreenCanvas | HTMLCanvasElement;
type BandContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Bytes per band (about 64 rows of a 4000 px wide image). A band's first write, where the
 * browser allocates and clears its surface, costs ~10 ms per MB on the bench's loaded 2
 * cores: one 48 MB surface was a 210 ms task, 4 MB bands still 85 ms for the first step of
 * the opening (three levels' bands at once). And a write into a canvas that a frame not yet
 * rendered draws from copies that canvas first, so smaller is cheaper there too.
 */
const BAND_BYTES = 1 << 20;

/** An off-screen canvas where there is one, else a DOM canvas that is never attached. */
function makeCanvas(width: number, height: number): BandCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement('canvas'), { width, height });
}

export interface BandedCanvas {
  readonly width: number;
  readonly height: number;
  /** Writes straight RGBA `rgba` (`rect.width × rect.height`) at `rect`. */
  put(rgba: Uint8ClampedArray<ArrayBuffer>, rect: Rect): void;
  /**
   * Draws `rect` of this canvas onto `ctx` at the same coordinates (the caller's transform
   * places it). Bands never written are transparent and skipped.
   */
  drawTo(ctx: CanvasRenderingContext2D, rect: Rect): void;
  /** Reads `rect` back as straight RGBA. */
  read(rect: Rect): Uint8ClampedArray;
}

/**
 * A large off-screen image as a stack of full-width bands of rows, each its own canvas made
 * on first write: nothing of it is ever in the DOM (no compositor commit), and no single
 * task allocates all of it.
 */
export function createBandedCanvas(width: number, height: number): BandedCanvas {
  const BAND_ROWS = Math.max(1, Math.floor(BAND_BYTES / (width * 4)));
  const bands: (BandContext | undefined)[] = [];
  const band = (b: number): BandContext => {
    let ctx = bands[b];
    if (!ctx) {
      const canvas = makeCanvas(width, Math.min(BAND_ROWS, height - b * BAND_ROWS));
      ctx = (canvas.getContext('2d') as BandContext | null) ?? undefined;
      if (!ctx) throw new Error('no 2D canvas to draw the editor into');
      bands[b] = ctx;
    }
    return ctx;
  };
  /** Calls `fn` for each band overlapping rows [y, y + h), with its first row. */
  const each = (y: number, h: number, fn: (b: number, top: number) => void) => {
    const last = Math.min(Math.ceil(height / BAND_ROWS), Math.ceil((y + h) / BAND_ROWS));
    for (let b = Math.max(0, Math.floor(y / BAND_ROWS)); b < last; b++) fn(b, b * BAND_ROWS);
  };

  return {
    width,
    height,
    put(rgba, rect) {
      const image = new ImageData(rgba, rect.width, rect.height);
      each(rect.y, rect.height, (b, top) => {
        const from = Math.max(rect.y, top);
        const to = Math.min(rect.y + rect.height, top + BAND_ROWS);
        band(b).putImageData(image, rect.x, rect.y - top, 0, from - rect.y, rect.width, to - from);
      });
    },
    drawTo(ctx, rect) {
      each(rect.y, rect.height, (b, top) => {
        const source = bands[b]?.canvas;
        if (!source) return;
        const from = Math.max(rect.y, top);
        const rows = Math.min(rect.y + rect.height, top + source.height) - from;
        ctx.drawImage(source, rect.x, from - top, rect.width, rows, rect.x, from, rect.width, rows);
      });
    },
    read(rect) {
      const out = new Uint8ClampedArray(rect.width * rect.height * 4);
      each(rect.y, rect.height, (b, top) => {
        const ctx = bands[b];
        if (!ctx) return;
        const from = Math.max(rect.y, top);
        const rows = Math.min(rect.y + rect.height, top + ctx.canvas.height) - from;
        const part = ctx.getImageData(rect.x, from - top, rect.width, rows).data;
        out.set(part, (from - rect.y) * rect.width * 4);
      });
      return out;
    },
  };
}
