/** Rows/columns of the outer ring sampled for the background (more on big images). */
function ringWidth(width: number, height: number): number {
  return Math.max(1, Math.min(4, Math.floor(Math.min(width, height) / 50)));
}

function forEachBorderPixel(width: number, height: number, visit: (p: number) => void): void {
  const ring = ringWidth(width, height);
  for (let y = 0; y < height; y++) {
    if (y < ring || y >= height - ring) {
      for (let x = 0; x < width; x++) visit(y * width + x);
    } else {
      for (let x = 0; x < ring && x < width; x++) {
        visit(y * width + x);
        if (width - 1 - x > x) visit(y * width + width - 1 - x);
      }
    }
  }
}

/**
 * The most common colour of the outer ring of pixels (a 12-bit histogram, then the mean of
 * the winning bucket), which is the background of nearly every product photo.
 */
export function borderColour(
  rgb: Uint8Array,
  width: number,
  height: number,
): [number, number, number] {
  const counts = new Uint32Array(4096);
  const sums = new Float64Array(4096 * 3);
  forEachBorderPixel(width, height, (p) => {
    const i = p * 3;
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    counts[key]!++;
    sums[key * 3] = sums[key * 3]! + r;
    sums[key * 3 + 1] = sums[key * 3 + 1]! + g;
    sums[key * 3 + 2] = sums[key * 3 + 2]! + b;
  });
  let best = 0;
  for (let k = 1; k < 4096; k++) if (counts[k]! > counts[best]!) best = k;
  const n = counts[best]! || 1;
  return [
    Math.round(sums[best * 3]! / n),
    Math.round(sums[best * 3 + 1]! / n),
    Math.round(sums[best * 3 + 2]! / n),
  ];
}

/**
 * How far border pixels stray from the background colour: the 90th percentile of their
 * distances, so grain, JPEG noise and a lit backdrop set the keying tolerance, while a
 * subject touching up to a tenth of the border does not.
 */
export function borderSpread(
  rgb: Uint8Array,
  width: number,
  height: number,
  bg: readonly [number, number, number],
): number {
  const histogram = new Uint32Array(443); // distances 0..441.7
  let total = 0;
  forEachBorderPixel(width, height, (p) => {
    const i = p * 3;
    const dr = rgb[i]! - bg[0];
    const dg = rgb[i + 1]! - bg[1];
    const db = rgb[i + 2]! - bg[2];
    histogram[Math.round(Math.sqrt(dr * dr + dg * dg + db * db))]!++;
    total++;
  });
  let seen = 0;
  for (let d = 0; d < histogram.length; d++) {
    seen += histogram[d]!;
    if (seen >= total * 0.9) return d;
  }
  return 0;
}
