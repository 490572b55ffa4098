/** Pixel classes used by the edge analysis (low two bits of a role byte). */
export const CLEAR = 0;
export const SEMI = 1;
export const SOLID = 2;

/**
 * Two Chebyshev distance maps in one two-pass chamfer sweep (O(n), no queue, no allocation):
 * - `toSolid[p]`: for a non-solid pixel, the distance to the nearest solid pixel; for a solid
 *   pixel, the distance to the nearest non-solid one.
 * - `toClear[p]`: the same with "clear" in place of "solid".
 * Distances are in pixels, 1 for a direct (8-)neighbour, capped at 255 (also the value when
 * the other class does not exist). The image border is neither class: a subject cut by the
 * frame has no edge there.
 * Hand-written rather than a library: core has no runtime dependencies and must run in a
 * worker, and a byte-sized sweep is the cheapest way to get band widths at 12 MP.
 */
export function edgeDistances(
  role: Uint8Array,
  width: number,
  height: number,
  toSolid: Uint8Array,
  toClear: Uint8Array,
): void {
  const w = width;
  for (let y = 0; y < height; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      const c = role[p]! & 3;
      const s = c === SOLID;
      const k = c === CLEAR;
      let a = 255;
      let b = 255;
      if (x > 0) {
        const q = p - 1;
        a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
        b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
      }
      if (y > 0) {
        let q = p - w;
        a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
        b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        if (x > 0) {
          q = p - w - 1;
          a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
          b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        }
        if (x < w - 1) {
          q = p - w + 1;
          a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
          b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        }
      }
      toSolid[p] = a;
      toClear[p] = b;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    const row = y * w;
    for (let x = w - 1; x >= 0; x--) {
      const p = row + x;
      const c = role[p]! & 3;
      const s = c === SOLID;
      const k = c === CLEAR;
      let a = toSolid[p]!;
      let b = toClear[p]!;
      if (x < w - 1) {
        const q = p + 1;
        a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
        b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
      }
      if (y < height - 1) {
        let q = p + w;
        a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
        b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        if (x < w - 1) {
          q = p + w + 1;
          a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
          b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        }
        if (x > 0) {
          q = p + w - 1;
          a = relax(a, s, role[q]!, SOLID, toSolid[q]!);
          b = relax(b, k, role[q]!, CLEAR, toClear[q]!);
        }
      }
      toSolid[p] = a;
      toClear[p] = b;
    }
  }
}

/**
 * One chamfer step: a neighbour of the other class is at distance 1, one of the same class relays
 * its distance + 1.
 */
function relax(cur: number, inSet: boolean, qRole: number, cls: number, dq: number): number {
  if (((qRole & 3) === cls) !== inSet) return 1;
  const v = dq + 1;
  return Math.min(v, cur);
}
