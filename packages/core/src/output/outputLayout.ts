import { badOutputOption, type MarginLength, type ResolvedOutput } from './outputOptions';

/** An axis-aligned box in pixels (integers). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `crop` keeps pixels whose alpha is above this (≈ 3 %): faint matting noise is trimmed. */
export const CROP_ALPHA_THRESHOLD = 8;

/** The soft contact shadow: an elliptical falloff under the subject's base, canvas pixels. */
export interface ShadowShape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Peak darkness 0..1 at the centre. */
  opacity: number;
}

export interface OutputLayout {
  /** The canvas. */
  width: number;
  height: number;
  /** The part of the cutout that is drawn (the crop box, or the whole cutout). */
  source: Box;
  /** Where `source` lands in the canvas (scaled to this size). */
  target: Box;
  shadow: ShadowShape | undefined;
}

/** What the layout needs to know about the cutout: its size and where its subject is. */
export interface SubjectInfo {
  width: number;
  height: number;
  /** The alpha's box (above the threshold); undefined when the cutout is empty. */
  box: Box | undefined;
  /** Left and right ends of the subject's base (its bottom rows), for the shadow. */
  base: { left: number; right: number } | undefined;
}

/**
 * The exact box of the pixels with alpha above `threshold`, or undefined when there are
 * none. Rows are scanned from each end and columns only inside the rows found, so a
 * centred subject on a 12 MP cutout reads a fraction of the bytes.
 */
export function alphaBox(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels = 4,
  threshold = CROP_ALPHA_THRESHOLD,
): Box | undefined {
  const a = channels - 1;
  const stride = width * channels;
  const rowHas = (y: number) => firstAbove(pixels, y * stride + a, channels, width, threshold) >= 0;
  let top = 0;
  while (top < height && !rowHas(top)) top++;
  if (top === height) return undefined;
  let bottom = height - 1;
  while (bottom > top && !rowHas(bottom)) bottom--;
  let left = width;
  let right = -1;
  for (let y = top; y <= bottom; y++) {
    const row = y * stride + a;
    // Only columns left of the box so far, then right of it, can widen it.
    const l = firstAbove(pixels, row, channels, left, threshold);
    if (l >= 0) left = l;
    const r = lastAbove(pixels, row, channels, right + 1, width, threshold);
    if (r >= 0) right = r;
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

// The scans are small functions of their own: V8 optimises a loop inside one long function
// poorly (see resampleRows.ts), and these read up to a few million bytes per cutout.

/** The first of `count` pixels from `at` (every `step` bytes) above `threshold`, or -1. */
function firstAbove(
  pixels: Uint8Array | Uint8ClampedArray,
  at: number,
  step: number,
  count: number,
  threshold: number,
): number {
  for (let x = 0, i = at; x < count; x++, i += step) if (pixels[i]! > threshold) return x;
  return -1;
}

/** The last pixel of columns `from..to-1` above `threshold`, or -1. */
function lastAbove(
  pixels: Uint8Array | Uint8ClampedArray,
  row: number,
  step: number,
  from: number,
  to: number,
  threshold: number,
): number {
  for (let x = to - 1, i = row + x * step; x >= from; x--, i -= step) {
    if (pixels[i]! > threshold) return x;
  }
  return -1;
}

/** Share of the subject's height, from its bottom, whose width sets the shadow's width. */
const BASE_ROWS = 0.06;

/** Reads what `computeLayout` needs from a cutout's pixels (the alpha box and the base). */
export function measureSubject(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels = 4,
): SubjectInfo {
  const box = alphaBox(pixels, width, height, channels);
  if (!box) return { width, height, box: undefined, base: undefined };
  const rows = Math.max(1, Math.round(box.height * BASE_ROWS));
  const baseBox = alphaBox(
    pixels.subarray(
      (box.y + box.height - rows) * width * channels,
      (box.y + box.height) * width * channels,
    ),
    width,
    rows,
    channels,
  );
  const base = baseBox ? { left: baseBox.x, right: baseBox.x + baseBox.width } : undefined;
  return { width, height, box, base };
}

/**
 * Where everything goes (pure geometry, shared by the server and the browser preview):
 * 1. the content box: the alpha's box with `crop` (the whole cutout without it, or when
 *    the cutout is empty);
 * 2. margins around it: px are canvas pixels, % are of the subject's scaled size on that axis;
 * 3. with `output_size`, the subject plus margins is contain-fitted into the canvas (`WxH`),
 *    or scaled so the canvas's long edge is N; without it the scale is 1;
 * 4. `position` spreads the canvas's free room (0 % = all of it right/below the subject);
 * 5. the shadow: an ellipse centred on the subject's base, as wide as the base.
 */
export function computeLayout(o: ResolvedOutput, subject: SubjectInfo): OutputLayout {
  const source: Box =
    o.crop && subject.box
      ? subject.box
      : { x: 0, y: 0, width: subject.width, height: subject.height };
  const [mt, mr, mb, ml] = o.margin;
  const frac = (m: MarginLength) => (m.unit === '%' ? m.value / 100 : 0);
  const px = (m: MarginLength) => (m.unit === 'px' ? m.value : 0);
  const fracX = frac(ml) + frac(mr);
  const fracY = frac(mt) + frac(mb);
  const pxX = px(ml) + px(mr);
  const pxY = px(mt) + px(mb);

  let scale = 1;
  let width: number;
  let height: number;
  if (o.size) {
    const boxW = 'longEdge' in o.size ? o.size.longEdge : o.size.width;
    const boxH = 'longEdge' in o.size ? o.size.longEdge : o.size.height;
    scale = Math.min(
      (boxW - pxX) / (source.width * (1 + fracX)),
      (boxH - pxY) / (source.height * (1 + fracY)),
    );
    if (!(scale > 0)) throw badOutputOption('crop_margin', o.margin.map(show).join(' '));
    width = boxW;
    height = boxH;
  } else {
    width = 0;
    height = 0;
  }
  const tw = Math.max(1, Math.round(source.width * scale));
  const th = Math.max(1, Math.round(source.height * scale));
  const side = (m: MarginLength, along: number) =>
    m.unit === '%' ? Math.round((m.value / 100) * along) : m.value;
  const left = side(ml, tw);
  const right = side(mr, tw);
  const top = side(mt, th);
  const bottom = side(mb, th);
  if (!o.size) {
    width = tw + left + right;
    height = th + top + bottom;
  } else if ('longEdge' in o.size) {
    // The axis that limited the scale is N long; the other shrinks to what it holds.
    width = Math.min(width, tw + left + right);
    height = Math.min(height, th + top + bottom);
  }
  const x = Math.round(left + (width - left - right - tw) * o.position.x);
  const y = Math.round(top + (height - top - bottom - th) * o.position.y);
  const target: Box = { x, y, width: tw, height: th };

  let shadow: ShadowShape | undefined;
  if (o.shadow && o.channels === 'rgba' && subject.box && subject.base) {
    const sx = tw / source.width;
    const sy = th / source.height;
    const baseLeft = x + (subject.base.left - source.x) * sx;
    const baseRight = x + (subject.base.right - source.x) * sx;
    const baseline = y + (subject.box.y + subject.box.height - source.y) * sy;
    const rx = Math.max(2, ((baseRight - baseLeft) / 2) * 1.15);
    // Flat, and never taller than a tenth of the subject: it stays on the floor.
    const ry = Math.max(2, Math.min(rx * 0.3, subject.box.height * sy * 0.1));
    // Centred on the base line: the upper half hides behind the subject (or peeks out
    // beside a narrow base), the lower half lies on the floor, as a contact shadow does.
    shadow = { cx: (baseLeft + baseRight) / 2, cy: baseline, rx, ry, opacity: 0.5 };
  }
  return { width, height, source, target, shadow };
}

/** Shadow alpha 0..1 at a canvas pixel centre: a smooth elliptical falloff, 0 outside. */
export function shadowAlpha(s: ShadowShape, px: number, py: number): number {
  const dx = (px + 0.5 - s.cx) / s.rx;
  const dy = (py + 0.5 - s.cy) / s.ry;
  const d2 = dx * dx + dy * dy;
  if (d2 >= 1) return 0;
  const t = 1 - d2;
  return s.opacity * t * t;
}

/** The canvas pixels the shadow can touch (clipped to the canvas), or undefined. */
export function shadowBounds(s: ShadowShape, width: number, height: number): Box | undefined {
  const x0 = Math.max(0, Math.floor(s.cx - s.rx));
  const x1 = Math.min(width, Math.ceil(s.cx + s.rx));
  const y0 = Math.max(0, Math.floor(s.cy - s.ry));
  const y1 = Math.min(height, Math.ceil(s.cy + s.ry));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

function show(m: MarginLength): string {
  return `${m.value}${m.unit}`;
}
