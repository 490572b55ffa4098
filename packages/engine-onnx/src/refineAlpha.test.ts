import { describe, expect, it } from 'vitest';
import { refineAlpha } from './refineAlpha';
import { resizeBilinear } from './resizeBilinear';

/**
 * A 256×192 image: a dark-blue disc (r = 60) on light grey, with an even darker cast-shadow
 * ellipse on the background to its lower right, never touching it. The "model mask" is the
 * true disc rendered at 64×48 (4× smaller, as a 1024² model mask is for a 4096 px photo) (area-averaged), i.e. what a low-resolution model sees.
 */
function scene() {
  const w = 256;
  const h = 192;
  const truth = new Float32Array(w * h);
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // 4×4 supersampled coverage for an exact anti-aliased edge.
      let cover = 0;
      for (let s = 0; s < 16; s++) {
        const dx = x + ((s & 3) + 0.5) / 4 - 100;
        const dy = y + ((s >> 2) + 0.5) / 4 - 96;
        if (dx * dx + dy * dy < 60 * 60) cover++;
      }
      const a = cover / 16;
      truth[i] = a;
      const inShadow = ((x - 200) / 40) ** 2 + ((y - 160) / 14) ** 2 < 1;
      const bg = inShadow ? [90, 90, 95] : [225, 225, 228];
      const fg = [30, 50, 140];
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(a * fg[c]! + (1 - a) * bg[c]!);
    }
  }
  const mw = 64;
  const mh = 48;
  const mask = new Float32Array(mw * mh);
  for (let my = 0; my < mh; my++) {
    for (let mx = 0; mx < mw; mx++) {
      let s = 0;
      let n = 0;
      for (let y = Math.floor((my * h) / mh); y < Math.floor(((my + 1) * h) / mh); y++) {
        for (let x = Math.floor((mx * w) / mw); x < Math.floor(((mx + 1) * w) / mw); x++) {
          s += truth[y * w + x]!;
          n++;
        }
      }
      mask[my * mw + mx] = s / n;
    }
  }
  return { w, h, truth, rgb, mask, mw, mh };
}

const sad = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0);

describe('refineAlpha', () => {
  it('is much closer to the true matte than a bilinear upscale of the mask', () => {
    const { w, h, truth, rgb, mask, mw, mh } = scene();
    const bilinear = resizeBilinear(mask, mw, mh, w, h);
    // As in the engine: solved at about the mask's resolution, applied at full resolution.
    const refined = refineAlpha(rgb, w, h, 3, mask, mw, mh, {
      workLongEdge: 64,
      radius: 2,
      blend: 1,
    });
    expect(sad(refined, truth)).toBeLessThan(sad(bilinear, truth) / 10);
    // The default keeps half of the model's alpha in the band: still far closer.
    const half = refineAlpha(rgb, w, h, 3, mask, mw, mh, { workLongEdge: 64, radius: 2 });
    expect(sad(half, truth)).toBeLessThan(sad(bilinear, truth) / 1.8);
  });

  it('keeps the cast shadow on the background out of the matte', () => {
    const { w, h, rgb, mask, mw, mh } = scene();
    const refined = refineAlpha(rgb, w, h, 3, mask, mw, mh, { radius: 4 });
    for (let y = 150; y < 170; y++) {
      for (let x = 175; x < 235; x++) expect(refined[y * w + x]).toBe(0);
    }
  });

  it('is exactly 0 and 1 away from the edge (no haze)', () => {
    const { w, rgb, mask, mw, mh, h } = scene();
    const refined = refineAlpha(rgb, w, h, 3, mask, mw, mh);
    expect(refined[96 * w + 100]).toBe(1);
    expect(refined[10 * w + 10]).toBe(0);
  });
});

describe('refineAlpha on a large photo', () => {
  it('keeps a low-contrast edge (white on light grey) narrow at 2400 px, not a glow', () => {
    // A near-white bar (248) on light grey (236), hard-edged, in a 2400×1600 image; the
    // model mask is the bar blurred over ~2 mask pixels at 1024², as ISNet's masks are.
    const w = 2400;
    const h = 1600;
    const rgb = new Uint8Array(w * h * 3);
    const inBar = (x: number, y: number) => x >= 600 && x < 1800 && y >= 700 && y < 900;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++)
        rgb.fill(inBar(x, y) ? 248 : 236, (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
    const m = 1024;
    const mask = new Float32Array(m * m);
    for (let y = 0; y < m; y++) {
      for (let x = 0; x < m; x++) {
        // Distance (in mask pixels) inside the bar's outline, through a 2-px ramp.
        const fx = ((x + 0.5) * w) / m;
        const fy = ((y + 0.5) * h) / m;
        const d = Math.min(fx - 600, 1800 - fx, fy - 700, 900 - fy) * (m / w);
        mask[y * m + x] = Math.min(1, Math.max(0, 0.5 + d / 2));
      }
    }
    const alpha = refineAlpha(rgb, w, h, 3, mask, m, m);
    // Soft pixels along the middle row, across the bar's left end.
    let soft = 0;
    for (let x = 400; x < 800; x++) {
      const a = alpha[800 * w + x]!;
      if (a > 0 && a < 1) soft++;
    }
    // With the defaults (512 px, radius 6) the band is 66 px here (1024 px with radius 12: 64);
    // 512 px with radius 12 made it 132 px, a visible glow around white parts of real photos.
    expect(soft).toBeLessThan(90);
    expect(alpha[800 * w + 1200]).toBe(1);
    expect(alpha[800 * w + 200]).toBe(0);
  }, 30_000); // a 4 MP image: ~1–6 s on the shared 2-core box
});

/** A model mask at `m`² for a `w × h` image from a coverage function (area-averaged, as a
 * model trained on such shapes would see them), then blurred over ~`soft` mask pixels. */
function maskOf(
  w: number,
  h: number,
  m: number,
  cover: (x: number, y: number) => number,
  soft = 1,
) {
  const mask = new Float32Array(m * m);
  for (let my = 0; my < m; my++) {
    for (let mx = 0; mx < m; mx++) {
      let s = 0;
      let n = 0;
      for (let k = 0; k < 4; k++) {
        for (let l = 0; l < 4; l++) {
          s += cover(((mx + (l + 0.5) / 4) * w) / m, ((my + (k + 0.5) / 4) * h) / m);
          n++;
        }
      }
      mask[my * m + mx] = s / n;
    }
  }
  if (soft <= 0) return mask;
  // A small box blur: ISNet's masks are a pixel or two softer than the truth.
  const out = new Float32Array(m * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < m; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -soft; dy <= soft; dy++) {
        for (let dx = -soft; dx <= soft; dx++) {
          const yy = Math.min(m - 1, Math.max(0, y + dy));
          const xx = Math.min(m - 1, Math.max(0, x + dx));
          s += mask[yy * m + xx]!;
          n++;
        }
      }
      out[y * m + x] = s / n;
    }
  }
  return out;
}

function image(
  w: number,
  h: number,
  colour: (x: number, y: number) => readonly number[],
): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = colour(x, y);
      for (let k = 0; k < 3; k++) rgb[(y * w + x) * 3 + k] = Math.round(c[k]!);
    }
  }
  return rgb;
}

describe('refineAlpha stages (issue #10)', () => {
  it('blends: in the band, half the guided-filter alpha and half the model’s (default blend 0.5)', () => {
    const { w, h, rgb, mask, mw, mh } = scene();
    const opts = { workLongEdge: 64, radius: 2 };
    const model = refineAlpha(rgb, w, h, 3, mask, mw, mh, { ...opts, guided: false });
    const guided = refineAlpha(rgb, w, h, 3, mask, mw, mh, { ...opts, blend: 1 });
    const blended = refineAlpha(rgb, w, h, 3, mask, mw, mh, opts);
    let band = 0;
    for (let i = 0; i < w * h; i++) {
      expect(blended[i]).toBeCloseTo((model[i]! + guided[i]!) / 2, 5);
      if (model[i]! > 0 && model[i]! < 1 && Math.abs(guided[i]! - model[i]!) > 0.05) band++;
    }
    expect(band).toBeGreaterThan(50); // the two differ along the disc's edge
  });

  it('keeps the holes of a mesh open that the mask shows (trimap: confident 0 stays 0)', () => {
    // A dark wire grid (2 px wires every 12 px) over a mid-grey floor whose texture is darker
    // in the holes' middles: a guided filter solved everywhere lifts those dark pixels.
    const w = 192;
    const h = 192;
    const wire = (x: number, y: number) => (x % 12 < 2 || y % 12 < 2 ? 1 : 0);
    const rgb = image(w, h, (x, y) => {
      if (wire(x, y)) return [40, 40, 45];
      const d = Math.hypot((x % 12) - 7, (y % 12) - 7);
      const v = 150 - 40 * Math.max(0, 1 - d / 3);
      return [v, v, v];
    });
    // ISNet leaves a faint fog (~1 %) in such holes, below the trimap's confidence level.
    const mask = maskOf(w, h, 192, (x, y) => Math.max(0.01, wire(x, y)), 0);
    const refined = refineAlpha(rgb, w, h, 3, mask, 192, 192);
    // Without the trimap (nothing confident), the guided filter refines the fog too.
    const everywhere = refineAlpha(rgb, w, h, 3, mask, 192, 192, { confident: 0 });
    let leaked = 0;
    let leakedEverywhere = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (x % 12 < 4 || y % 12 < 4 || x % 12 > 10 || y % 12 > 10) continue; // hole middles
        leaked += refined[y * w + x]!;
        leakedEverywhere += everywhere[y * w + x]!;
      }
    }
    expect(leaked).toBe(0);
    expect(leakedEverywhere).toBeGreaterThan(1); // the stage is what keeps them open
  });

  it('drops the faint fog a mask leaves on a cast shadow (trimap: below `confident` is 0)', () => {
    // A red square on white with a grey shadow blob well away from it, where the model's
    // mask says 0.08: upscaled as is, that is a visible grey smear in the cutout.
    const w = 128;
    const h = 128;
    const square = (x: number, y: number) => (x >= 20 && x < 60 && y >= 20 && y < 60 ? 1 : 0);
    const blob = (x: number, y: number) => Math.hypot(x - 96, y - 96) < 16;
    const rgb = image(w, h, (x, y) =>
      square(x, y) ? [200, 30, 30] : blob(x, y) ? [150, 150, 150] : [250, 250, 250],
    );
    const mask = maskOf(w, h, 64, (x, y) => (square(x, y) ? 1 : blob(x, y) ? 0.08 : 0), 0);
    const bilinear = resizeBilinear(mask, 64, 64, w, h);
    const refined = refineAlpha(rgb, w, h, 3, mask, 64, 64, { workLongEdge: 64, radius: 2 });
    expect(bilinear[96 * w + 96]).toBeCloseTo(0.08, 5);
    expect(refined[96 * w + 96]).toBe(0);
    expect(refined[40 * w + 40]).toBe(1);
  });
});
