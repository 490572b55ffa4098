import type { MaskEditor } from './createMaskEditor';
import { type Rect, unionRect } from './maskBuffer';

/** Rows per slice of the first full paint (a quarter megapixel at 4000 px wide). */
const BAND_ROWS = 64;

export interface MaskCanvasPainter {
  /** Resolves when the whole image has been painted once. */
  ready: Promise<void>;
  /** Paints what is pending now (the view calls it after a pointer move, in the same frame). */
  flush(): void;
  /** How many dirty-rectangle paints have landed (for tests and benchmarks). */
  readonly paints: number;
  dispose(): void;
}

/**
 * Keeps `canvas` showing the editor's cutout. The first paint goes in bands of rows with a
 * yield between them (no long task at 12 MP); after that only dirty rectangles are
 * recomposed and `putImageData`'d, at most once per animation frame, however many dabs,
 * undos or redos landed in between.
 */
export function paintMaskCanvas(editor: MaskEditor, canvas: HTMLCanvasElement): MaskCanvasPainter {
  const { width, height } = editor.getSnapshot();
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  let pending: Rect | undefined;
  let frame = 0;
  let disposed = false;
  let painted = false;
  let paints = 0;

  const paint = (rect: Rect) => {
    if (!ctx) return;
    const rgba = editor.compose(rect);
    ctx.putImageData(new ImageData(rgba, rect.width, rect.height), rect.x, rect.y);
  };
  const flush = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    if (!pending || !painted || disposed) return;
    const rect = pending;
    pending = undefined;
    paint(rect);
    paints++;
  };
  const off = editor.onPaint((rect) => {
    pending = unionRect(pending, rect);
    if (!frame && painted) frame = requestAnimationFrame(flush);
  });

  const ready = (async () => {
    // Not in the caller's task (a React effect): sizing the canvas is enough for that one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let y = 0; y < height && !disposed; y += BAND_ROWS) {
      paint({ x: 0, y, width, height: Math.min(BAND_ROWS, height - y) });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Edits that came in while the bands were going out are already in the mask; the bands
    // after them painted them, the ones before get this final pass.
    painted = true;
    if (pending) frame = requestAnimationFrame(flush);
  })();

  return {
    ready,
    flush,
    get paints() {
      return paints;
    },
    dispose() {
      disposed = true;
      off();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
