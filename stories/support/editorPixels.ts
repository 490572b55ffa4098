import type { MaskBuffer, Rect } from '@cutout/react/editor';
import { expect, waitFor } from 'storybook/test';

/** Helpers the CutoutEditor stories' play functions use to paint and read pixels back. */

export const editorRoot = (el: HTMLElement) => el.querySelector<HTMLElement>('.cutout-editor')!;
export const editorCanvas = (el: HTMLElement) =>
  el.querySelector<HTMLCanvasElement>('canvas[data-cutout-editor-canvas]')!;
const viewport = (el: HTMLElement) => el.querySelector<HTMLElement>('.cutout-editor__viewport')!;
const stage = (el: HTMLElement) => el.querySelector<HTMLElement>('.cutout-editor__stage')!;

/** Waits until the editor has decoded both images and painted the cutout once. */
export async function editorReady(el: HTMLElement, timeout = 20_000) {
  await waitFor(() => expect(editorRoot(el)).toHaveAttribute('data-state', 'ready'), { timeout });
}

/** The image's size in pixels (the stage is the image's size; the canvas the viewport's). */
export function editorImageSize(el: HTMLElement) {
  const s = stage(el);
  return { width: s.offsetWidth, height: s.offsetHeight };
}

type CompositeReader = (rect: Rect) => Uint8ClampedArray;
/** Set by the editor on its canvas (see CutoutEditorView): the full-resolution composite. */
const COMPOSITE_READER = Symbol.for('cutout.editor.composite');

/**
 * The edited cutout's RGBA at full resolution (alpha is the mask, exactly): the off-screen
 * composite the viewport-sized canvas draws every frame from. `viewPixels` checks the screen.
 */
export function canvasPixels(el: HTMLElement, rect?: Rect): Uint8ClampedArray {
  const read = (editorCanvas(el) as unknown as Record<symbol, CompositeReader | undefined>)[
    COMPOSITE_READER
  ];
  if (!read) throw new Error('the editor canvas has no composite (not ready?)');
  const s = stage(el);
  return read(rect ?? { x: 0, y: 0, width: s.offsetWidth, height: s.offsetHeight });
}

/**
 * What the screen shows: the viewport canvas's pixels and, for image pixel (x, y), the
 * canvas pixel that shows it (device pixels; at 100 % on a 1× screen, one to one).
 */
export function viewPixels(el: HTMLElement) {
  const c = editorCanvas(el);
  const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  const s = stage(el).getBoundingClientRect();
  const v = c.getBoundingClientRect();
  const k = c.width / v.width;
  const scale = (s.width / stage(el).offsetWidth) * k;
  const at = (x: number, y: number) => {
    const cx = Math.floor(Math.round((s.left - v.left) * k) + (x + 0.5) * scale);
    const cy = Math.floor(Math.round((s.top - v.top) * k) + (y + 0.5) * scale);
    return cx >= 0 && cy >= 0 && cx < c.width && cy < c.height ? (cy * c.width + cx) * 4 : -1;
  };
  return { data, width: c.width, height: c.height, scale, at };
}

/** Screen point of image pixel coordinates (x, y), from where the stage is on screen. */
function toClient(el: HTMLElement, x: number, y: number) {
  const s = stage(el);
  const r = s.getBoundingClientRect();
  return {
    clientX: r.left + (x * r.width) / s.offsetWidth,
    clientY: r.top + (y * r.height) / s.offsetHeight,
  };
}

function pointer(target: Element, type: string, at: { clientX: number; clientY: number }) {
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      cancelable: true,
      composed: true,
      pointerId: 7,
      pointerType: 'mouse',
      isPrimary: true,
      button: type === 'pointermove' ? -1 : 0,
      buttons: type === 'pointerup' ? 0 : 1,
      pressure: type === 'pointerup' ? 0 : 0.5,
      ...at,
    }),
  );
}

/** A mouse stroke through image points (one point = a single dab). */
export async function stroke(el: HTMLElement, points: [number, number][]) {
  const vp = viewport(el);
  const [first, ...rest] = points;
  pointer(vp, 'pointerdown', toClient(el, first![0], first![1]));
  for (const [x, y] of rest) {
    pointer(vp, 'pointermove', toClient(el, x, y));
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  const [lx, ly] = points.at(-1)!;
  pointer(vp, 'pointerup', toClient(el, lx, ly));
}

/** Indices (pixel numbers) whose RGBA differs between two readbacks. */
export function changedPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number[] {
  const out: number[] = [];
  for (let p = 0; p < a.length / 4; p++) {
    const i = p * 4;
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3])
      out.push(p);
  }
  return out;
}

/** Distance from pixel `p`'s centre (in a `width`-wide image) to the segment a–b. */
export function distanceToSegment(
  p: number,
  width: number,
  [ax, ay]: [number, number],
  [bx, by]: [number, number],
): number {
  const px = (p % width) + 0.5;
  const py = Math.floor(p / width) + 0.5;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - ax - dx * t, py - ay - dy * t);
}

/** The alpha channel of canvas pixels as a mask. */
export function alphaOf(rgba: Uint8ClampedArray, width: number, height: number): MaskBuffer {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3]!;
  return { width, height, data };
}

/** A two-colour photo (left red, right blue, the border at x = width / 2) as a PNG. */
export async function makeTwoColourPng(width: number, height: number): Promise<Blob> {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#d92626';
  ctx.fillRect(0, 0, width / 2, height);
  ctx.fillStyle = '#2633d9';
  ctx.fillRect(width / 2, 0, width / 2, height);
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'),
  );
}

/** The alpha of a PNG/JPEG as a mask (for the controlled story's starting value). */
export async function maskOfImage(blob: Blob): Promise<MaskBuffer> {
  const bitmap = await createImageBitmap(blob);
  const c = document.createElement('canvas');
  c.width = bitmap.width;
  c.height = bitmap.height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
  return alphaOf(rgba, c.width, c.height);
}

/**
 * Compares readbacks of a `width`-wide region around an erase stroke from a to b (brush
 * radius r, region coordinates): pixels changed farther than r + 1 from the stroke
 * (`outside`, must be none), pixels nearer than r − 1 that had alpha and kept it (`missed`,
 * must be none), and how many changed. The 1 px band allows for the screen → image mapping.
 */
export function footprintCheck(
  before: Uint8ClampedArray,
  after: Uint8ClampedArray,
  width: number,
  a: [number, number],
  b: [number, number],
  r: number,
) {
  let outside = 0;
  let missed = 0;
  let changed = 0;
  for (let p = 0; p < before.length / 4; p++) {
    const i = p * 4;
    const diff =
      before[i] !== after[i] ||
      before[i + 1] !== after[i + 1] ||
      before[i + 2] !== after[i + 2] ||
      before[i + 3] !== after[i + 3];
    const d = distanceToSegment(p, width, a, b);
    if (diff) changed++;
    if (diff && d > r + 1) outside++;
    if (d < r - 1 && before[i + 3]! > 0 && after[i + 3] !== 0) missed++;
  }
  return { outside, missed, changed };
}
