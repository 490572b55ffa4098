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

/** Side of the blocks the mask is summarised in (a 1024² mask: 128² blocks). */
const SHIFT = 3;
const BLOCK = 1 << SHIFT;

/**
 * Box of the mask cells (x, y)–(x + 1, y + 1) that can hold band values, or null when there
 * are none, from one pass over the mask: each 8×8 block records which classes it holds (sure
 * background, sure subject, unsure). A cell with mixed corners lies in a block that holds an
 * unsure value or both sure classes, or straddles blocks of different sure classes, which are
 * neighbours; so the box of the blocks that are mixed or border a block of another class holds
 * every such cell. Slightly larger than the exact box (up to a block), 5× cheaper than testing
 * every cell.
 */
function bandCells(mask: Float32Array, w: number, h: number, confident: number): WorkWindow | null {
  const bw = Math.ceil(w / BLOCK);
  const bh = Math.ceil(h / BLOCK);
  const flags = blockClasses(mask, w, h, bw, bh, confident);
  let left = bw;
  let right = -1;
  let top = bh;
  let bottom = -1;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const f = flags[by * bw + bx]!;
      // 1: only sure background, 2: only sure subject; anything else is mixed.
      let hit = f !== 1 && f !== 2;
      for (let dy = -1; dy <= 1 && !hit; dy++) {
        const ny = by + dy;
        if (ny < 0 || ny >= bh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = bx + dx;
          if (nx >= 0 && nx < bw && flags[ny * bw + nx] !== f) {
            hit = true;
            break;
          }
        }
      }
      if (!hit) continue;
      if (bx < left) left = bx;
      if (bx > right) right = bx;
      if (by < top) top = by;
      bottom = by;
    }
  }
  if (right < 0) return null;
  const lastCellX = Math.max(0, w - 2);
  const lastCellY = Math.max(0, h - 2);
  return {
    left: Math.min(left * BLOCK, lastCellX),
    right: Math.min(right * BLOCK + BLOCK - 1, lastCellX),
    top: Math.min(top * BLOCK, lastCellY),
    bottom: Math.min(bottom * BLOCK + BLOCK - 1, lastCellY),
  };
}

/** Per block, OR of 1 (a value ≤ confident), 2 (≥ 1 − confident) and 4 (between). */
function blockClasses(
  mask: Float32Array,
  w: number,
  h: number,
  bw: number,
  bh: number,
  confident: number,
): Uint8Array {
  const hi = 1 - confident;
  const flags = new Uint8Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const brow = (y >> SHIFT) * bw;
    for (let x = 0; x < w; x++) {
      const v = mask[row + x]!;
      flags[brow + (x >> SHIFT)]! |= v <= confident ? 1 : v >= hi ? 2 : 4;
    }
  }
  return flags;
}
