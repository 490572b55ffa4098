/** A window of the working image, inclusive bounds: [left, right] × [top, bottom]. */
export interface WorkWindow {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The part of the working image (`workWidth × workHeight`) whose guided-filter coefficients
 * can reach a band pixel, or null when the mask has no band at all (every pixel sure, so
 * nothing to filter).
 *
 * A full-resolution pixel is in the band when its bilinearly upscaled mask value a₀ lies
 * strictly between `confident` and 1 − `confident`. Bilinear values stay within the four mask
 * values around them, so a₀ can be in the band only inside a mask cell whose four corners are
 * neither all ≤ `confident` nor all ≥ 1 − `confident`: the box of those cells, mapped to the
 * working grid with the resizes' geometry (centres aligned), bounds every band pixel's lookup.
 * The coefficients there depend on the guide and mask within 2·`radius` (two box means), so the
 * box grows by that plus one for the bilinear lookup. Inside it the cropped filter gives the
 * same coefficients as the whole image's; on a product photo it is often a third of the frame.
 */
export function bandBox(
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  workWidth: number,
  workHeight: number,
  confident: number,
  radius: number,
): WorkWindow | null {
  const cells = bandCells(mask, maskWidth, maskHeight, confident);
  if (!cells) return null;
  // Mask coordinate u ↔ working coordinate (u + 0.5)·work / mask − 0.5.
  const toWork = (u: number, mask: number, work: number) => ((u + 0.5) * work) / mask - 0.5;
  const margin = 2 * Math.max(0, Math.floor(radius)) + 2;
  return {
    left: Math.max(0, Math.floor(toWork(cells.left, maskWidth, workWidth)) - margin),
    right: Math.min(
      workWidth - 1,
      Math.ceil(toWork(cells.right + 1, maskWidth, workWidth)) + margin,
    ),
    top: Math.max(0, Math.floor(toWork(cells.top, maskHeight, workHeight)) - margin),
    bottom: Math.min(
      workHeight - 1,
      Math.ceil(toWork(cells.bottom + 1, maskHeight, workHeight)) + margin,
    ),
  };
}

/**
 * Box of the mask cells (x, y)–(x + 1, y + 1) that can hold band values; a mask one pixel
 * wide or tall counts its pixels as cells. Null when there are none.
 */
function bandCells(
  mask: Float32Array,
  w: number,
  h: number,
  confident: number,
): WorkWindow | null {
  const hi = 1 - confident;
  // Per mask pixel: 1 sure background, 2 sure subject, 0 unsure.
  const cls = new Uint8Array(w * h);
  for (let i = 0; i < cls.length; i++) {
    const v = mask[i]!;
    cls[i] = v <= confident ? 1 : v >= hi ? 2 : 0;
  }
  let left = w;
  let right = -1;
  let top = h;
  let bottom = -1;
  const cw = Math.max(1, w - 1);
  const ch = Math.max(1, h - 1);
  for (let y = 0; y < ch; y++) {
    const r0 = y * w;
    const r1 = Math.min(y + 1, h - 1) * w;
    const x = firstMixedCell(cls, r0, r1, w, cw);
    if (x < 0) continue;
    if (y < top) top = y;
    bottom = y;
    if (x < left) left = x;
    const last = lastMixedCell(cls, r0, r1, w, cw);
    if (last > right) right = last;
  }
  return right < 0 ? null : { left, top, right, bottom };
}

// A cell is sure when its four corners share one sure class (AND of the classes is 1 or 2).
function firstMixedCell(cls: Uint8Array, r0: number, r1: number, w: number, cw: number): number {
  for (let x = 0; x < cw; x++) {
    const x1 = Math.min(x + 1, w - 1);
    if ((cls[r0 + x]! & cls[r0 + x1]! & cls[r1 + x]! & cls[r1 + x1]!) === 0) return x;
  }
  return -1;
}

function lastMixedCell(cls: Uint8Array, r0: number, r1: number, w: number, cw: number): number {
  for (let x = cw - 1; x >= 0; x--) {
    const x1 = Math.min(x + 1, w - 1);
    if ((cls[r0 + x]! & cls[r0 + x1]! & cls[r1 + x]! & cls[r1 + x1]!) === 0) return x;
  }
  return -1;
}
