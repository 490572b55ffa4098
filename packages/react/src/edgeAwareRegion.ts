import type { RgbaPixels } from './maskBuffer';

/** What an edge-aware dab compares against: the colour where the stroke began. */
export interface EdgeSeed {
  r: number;
  g: number;
  b: number;
  /** Largest RGB distance (0–441) still counted as the same surface. */
  tolerance: number;
}

/** The mean colour of the 3 × 3 pixels around (x, y) of `image`. */
export function sampleSeed(image: RgbaPixels, x: number, y: number, tolerance: number): EdgeSeed {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  for (let yy = cy - 1; yy <= cy + 1; yy++) {
    for (let xx = cx - 1; xx <= cx + 1; xx++) {
      if (xx < 0 || yy < 0 || xx >= image.width || yy >= image.height) continue;
      const i = (yy * image.width + xx) * 4;
      r += image.data[i]!;
      g += image.data[i + 1]!;
      b += image.data[i + 2]!;
      n++;
    }
  }
  return n ? { r: r / n, g: g / n, b: b / n, tolerance } : { r: 0, g: 0, b: 0, tolerance };
}

/**
 * The part of a dab's footprint the edge-aware brush may paint: the pixels reachable from the
 * dab's centre through 4-connected neighbours whose colour in the original photo is within
 * the seed's tolerance, inside the brush circle. A colour test alone would jump across a thin edge to a similar
 * colour on the far side; the flood fill stops at the edge like a wall. Returns a
 * `size × size` map (1 = may paint) for the box at (`x0`, `y0`), or null when the centre
 * itself is across an edge (the dab then paints nothing).
 */
export function edgeAwareRegion(
  image: RgbaPixels,
  seed: EdgeSeed,
  x0: number,
  y0: number,
  size: number,
  cx: number,
  cy: number,
  radius: number,
): Uint8Array | null {
  const { width, height, data } = image;
  const tol2 = seed.tolerance * seed.tolerance;
  const r2 = radius * radius;
  const allowed = new Uint8Array(size * size);
  // Only inside the brush circle: a fill through the box's corners could go round an edge.
  const similar = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    const ex = x + 0.5 - cx;
    const ey = y + 0.5 - cy;
    if (ex * ex + ey * ey >= r2) return false;
    const i = (y * width + x) * 4;
    const dr = data[i]! - seed.r;
    const dg = data[i + 1]! - seed.g;
    const db = data[i + 2]! - seed.b;
    return dr * dr + dg * dg + db * db <= tol2;
  };
  const sx = Math.floor(cx);
  const sy = Math.floor(cy);
  if (sx < x0 || sy < y0 || sx >= x0 + size || sy >= y0 + size || !similar(sx, sy)) return null;
  const stack = new Int32Array(size * size);
  let top = 0;
  stack[top++] = (sy - y0) * size + (sx - x0);
  allowed[(sy - y0) * size + (sx - x0)] = 1;
  while (top > 0) {
    const k = stack[--top]!;
    const lx = k % size;
    const ly = (k - lx) / size;
    // Four neighbours inside the box, each visited once.
    for (let n = 0; n < 4; n++) {
      const nx = n === 0 ? lx - 1 : n === 1 ? lx + 1 : lx;
      const ny = n === 2 ? ly - 1 : n === 3 ? ly + 1 : ly;
      if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
      const nk = ny * size + nx;
      if (allowed[nk] || !similar(x0 + nx, y0 + ny)) continue;
      allowed[nk] = 1;
      stack[top++] = nk;
    }
  }
  return allowed;
}
