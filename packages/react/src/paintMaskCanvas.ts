import { type CompositeLevels, createCompositeLevels } from './compositeLevels';
import type { MaskEditor } from './createMaskEditor';
import { type Rect, unionRect } from './maskBuffer';

/**
 * Rows per step of the first composition: it starts small, while the code is not yet
 * optimised (64 rows took 85 ms in the first task), and doubles while steps are quick.
 */
const FIRST_ROWS = 4;
const MAX_ROWS = 64;
/** Steps run back to back until this much time has gone, then the main thread gets a turn. */
const SLICE_MS = 12;

/** Where the image sits in the viewport: the stage's pan offset (CSS px) and zoom (1 = 100 %). */
export interface EditorViewTransform {
  readonly offset: { x: number; y: number };
  readonly scale: number;
  /** Called whenever the pan or zoom changes. */
  onWrite(listener: () => void): () => void;
}

export interface MaskCanvasPainter {
  /** Resolves when the whole image has been composed once and the view drawn. */
  ready: Promise<void>;
  /** Puts pending edits into the composite now (after a stroke ends, undo, redo); the view
   * shows them in the next animation frame. */
  flush(): void;
  /** How many dirty-rectangle paints have landed (for tests and benchmarks). */
  readonly paints: number;
  /** Full-resolution pixels of the composite every frame is drawn from (tests, devtools). */
  read(rect: Rect): Uint8ClampedArray;
  dispose(): void;
}

/**
 * Draws the editor's cutout into `canvas`, a viewport-sized canvas (device pixels of the
 * visible area), from the off-screen composite levels: a frame draws only what is visible,
 * from the level nearest the zoom (full resolution from 50 % on a 1× screen). An edit
 * recomposes its dirty rectangle into the levels and redraws only that rectangle's part of
 * the view, at most once per animation frame however many dabs, undos or redos landed; a
 * pan, zoom or resize redraws the view. The first composition goes in bands of rows, a
 * yield every ~12 ms (no long task at 12 MP).
 */
export function paintMaskCanvas(
  editor: MaskEditor,
  canvas: HTMLCanvasElement,
  view: EditorViewTransform,
): MaskCanvasPainter {
  const { width, height } = editor.getSnapshot();
  const ctx = canvas.getContext('2d');
  let levels: CompositeLevels | undefined;
  let pending: Rect | undefined;
  /** Image rectangles updated in the levels and not yet redrawn in the view. */
  let shown: Rect | undefined;
  let whole = true;
  let frame = 0;
  let disposed = false;
  let painted = false;
  let paints = 0;

  /** Image → canvas device pixels; the translation snapped so 100 % is an exact copy. */
  const transform = () => {
    const dpr = globalThis.devicePixelRatio || 1;
    const s = view.scale * dpr;
    // The level whose pixels are at least as many as the screen's: 2^-k ≥ s.
    const k = s >= 1 ? 0 : Math.min(levels!.levels.length - 1, Math.floor(Math.log2(1 / s)));
    return {
      s,
      k,
      tx: Math.round(view.offset.x * dpr),
      ty: Math.round(view.offset.y * dpr),
    };
  };

  /** Redraws the device-pixel rectangle `r` of the view (all of it without one). */
  const draw = (r?: Rect) => {
    if (!ctx || !levels) return;
    const { s, k, tx, ty } = transform();
    const source = levels.levels[k]!;
    const f = 2 ** k;
    const box = r ?? { x: 0, y: 0, width: canvas.width, height: canvas.height };
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.width, box.height);
    ctx.clip();
    ctx.clearRect(box.x, box.y, box.width, box.height);
    // The level's pixels behind the box, with a 2 px margin so smoothing near the box's edge
    // samples the same neighbours as a whole-view draw (no seams).
    const lx = Math.max(0, Math.floor((box.x - tx) / (s * f)) - 2);
    const ly = Math.max(0, Math.floor((box.y - ty) / (s * f)) - 2);
    const lx1 = Math.min(source.width, Math.ceil((box.x + box.width - tx) / (s * f)) + 2);
    const ly1 = Math.min(source.height, Math.ceil((box.y + box.height - ty) / (s * f)) + 2);
    if (lx1 > lx && ly1 > ly) {
      ctx.imageSmoothingEnabled = s * f < 1;
      ctx.imageSmoothingQuality = 'low';
      ctx.setTransform(s * f, 0, 0, s * f, tx, ty);
      source.drawTo(ctx, { x: lx, y: ly, width: lx1 - lx, height: ly1 - ly });
    }
    ctx.restore();
  };

  /** The view's device pixels that show image rectangle `r` (plus one for smoothing). */
  const onScreen = (r: Rect): Rect | undefined => {
    const { s, tx, ty } = transform();
    const x0 = Math.max(0, Math.floor(tx + r.x * s) - 1);
    const y0 = Math.max(0, Math.floor(ty + r.y * s) - 1);
    const x1 = Math.min(canvas.width, Math.ceil(tx + (r.x + r.width) * s) + 1);
    const y1 = Math.min(canvas.height, Math.ceil(ty + (r.y + r.height) * s) + 1);
    return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
  };

  /** Brings the levels up to date (readers see the edit at once); the view follows. */
  const apply = () => {
    if (!painted || disposed || !levels || !pending) return;
    const rect = levels.update(pending);
    pending = undefined;
    if (!rect) return;
    paints++;
    shown = unionRect(shown, rect);
  };
  const flush = () => {
    apply();
    if (shown) schedule();
  };
  // The view is drawn in animation frames only: a frame renders what it drew before the next
  // task, so no write into a level ever finds a snapshot of it still held (which would copy).
  const frameCallback = () => {
    frame = 0;
    apply();
    if (!painted || disposed) return;
    if (whole) draw();
    else if (shown) {
      const box = onScreen(shown);
      if (box) draw(box);
    }
    whole = false;
    shown = undefined;
  };
  const schedule = () => {
    if (!frame && painted && !disposed) frame = requestAnimationFrame(frameCallback);
  };
  const offPaint = editor.onPaint((rect) => {
    pending = unionRect(pending, rect);
    schedule();
  });
  const redrawAll = () => {
    whole = true;
    schedule();
  };
  const offView = view.onWrite(redrawAll);
  // The canvas is as big as the viewport's visible area, in device pixels.
  const resize = () => {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width === w && canvas.height === h) return;
    canvas.width = w;
    canvas.height = h;
    whole = true;
    schedule();
  };
  resize();
  const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(resize);
  observer?.observe(canvas);

  const ready = (async () => {
    // Not in the caller's task (a React effect): creating the levels is enough for that one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (disposed) return;
    levels = createCompositeLevels(editor);
    let rows = FIRST_ROWS;
    for (let y = 0; y < height && !disposed; ) {
      const start = performance.now();
      do {
        const t = performance.now();
        levels.update({ x: 0, y, width, height: Math.min(rows, height - y) });
        y += rows;
        if (performance.now() - t < SLICE_MS / 4) rows = Math.min(MAX_ROWS, rows * 2);
      } while (y < height && performance.now() - start < SLICE_MS);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Edits that came in while the bands were going out are already in the mask; the bands
    // after them composed them, the ones before get this final pass.
    painted = true;
    whole = true;
    schedule();
    // Ready once the first full view is drawn (the callback above runs first in that frame).
    await new Promise((resolve) => requestAnimationFrame(resolve));
  })();

  return {
    ready,
    flush,
    get paints() {
      return paints;
    },
    read(rect) {
      if (!levels) throw new Error('the editor has not composed the image yet');
      return levels.read(rect);
    },
    dispose() {
      disposed = true;
      offPaint();
      offView();
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
