import { describe, expect, it } from 'vitest';
import { resampleRows } from './resampleRows';

/** Triangle-filter taps along one axis, the straightforward way (doubles, clamped edges). */
function taps(start: number, length: number, dst: number, limit: number, i: number) {
  const scale = dst / length;
  const support = scale < 1 ? 1 / scale : 1;
  const first = Math.max(0, Math.floor(start));
  const last = Math.min(limit, Math.ceil(start + length)) - 1;
  const centre = start + (i + 0.5) / scale;
  const out = new Map<number, number>();
  let sum = 0;
  for (let j = Math.floor(centre - support); j <= Math.ceil(centre + support); j++) {
    const w = 1 - Math.abs(j + 0.5 - centre) / support;
    if (w <= 0) continue;
    const jc = Math.max(first, Math.min(last, j));
    out.set(jc, (out.get(jc) ?? 0) + w);
    sum += w;
  }
  for (const [j, w] of out) out.set(j, w / sum);
  return out;
}

function textured(width: number, height: number) {
  const px = new Uint8Array(width * height * 4);
  let seed = 3;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < px.length; i += 4) {
    px[i] = rnd() * 256;
    px[i + 1] = rnd() * 256;
    px[i + 2] = rnd() * 256;
    // Opaque, transparent and partly transparent pixels, in runs and alone.
    const r = rnd();
    px[i + 3] = r < 0.2 ? 0 : r < 0.6 ? 255 : rnd() * 256;
  }
  return px;
}

describe('resampleRows', () => {
  const W = 97;
  const H = 61;
  const px = textured(W, H);
  // Shrinks with 2, 3, 4 and more taps an output (the unrolled paths and the loop), an
  // enlargement, a copy, and regions that end at the image's right and bottom edges (where
  // the fixed-count taps move left) or start inside it at fractions of a pixel.
  const cases = [
    { region: { x: 0, y: 0, width: W, height: H }, dw: 70, dh: 44 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: 51, dh: 33 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: 40, dh: 25 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: 29, dh: 17 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: 13, dh: 9 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: 150, dh: 130 },
    { region: { x: 0, y: 0, width: W, height: H }, dw: W, dh: H },
    { region: { x: 31, y: 20, width: W - 31, height: H - 20 }, dw: 47, dh: 30 },
    { region: { x: 12.4, y: 3.7, width: 60.3, height: 41.9 }, dw: 35, dh: 29 },
    { region: { x: 5, y: 5, width: 3, height: 2 }, dw: 2, dh: 1 },
  ];
  // The same pixels at an odd byte offset: read byte by byte instead of as 32-bit words.
  const unaligned = new Uint8Array(px.length + 1).subarray(1);
  unaligned.set(px);
  const inputs = [
    ['words', px],
    ['bytes', unaligned],
  ] as const;
  for (const [how, pixels] of inputs) {
    for (const { region, dw, dh } of cases) {
      checkAgainstDirect(how, pixels, region, dw, dh);
    }
  }

  function checkAgainstDirect(
    how: string,
    pixels: Uint8Array,
    region: { x: number; y: number; width: number; height: number },
    dw: number,
    dh: number,
  ) {
    it(`matches the filter computed directly (${how}): ${JSON.stringify(region)} → ${dw}×${dh}`, () => {
      const rows: Float32Array[] = [];
      resampleRows(pixels, W, H, region, dw, dh, (y, row) => {
        rows[y] = row.slice();
      });
      let worst = 0;
      for (let y = 0; y < dh; y++) {
        const ty = taps(region.y, region.height, dh, H, y);
        for (let x = 0; x < dw; x++) {
          const tx = taps(region.x, region.width, dw, W, x);
          const want = [0, 0, 0, 0];
          for (const [sy, wy] of ty) {
            for (const [sx, wx] of tx) {
              const i = (sy * W + sx) * 4;
              const a = px[i + 3]!;
              for (let c = 0; c < 3; c++) want[c]! += (wx * wy * a * px[i + c]!) / 255;
              want[3]! += wx * wy * a;
            }
          }
          for (let c = 0; c < 4; c++) {
            worst = Math.max(worst, Math.abs(rows[y]![x * 4 + c]! - want[c]!));
          }
        }
      }
      // 32-bit float sums on a 0..255 scale: far below a 1/255 step.
      expect(worst).toBeLessThan(0.002);
    });
  }
});
