import { describe, expect, it } from 'vitest';
import { cutoutFromMask } from './cutoutFromMask';
import { refineAlpha } from './refineAlpha';

/** A dark-red disc on pale blue, a soft 32² model mask of it, at 96×96. */
function scene() {
  const w = 96;
  const h = 96;
  const rgb = new Uint8Array(w * h * 3);
  const inDisc = (x: number, y: number) => Math.hypot(x - 48, y - 48) < 30;
  for (let i = 0; i < w * h; i++) {
    const c = inDisc(i % w, Math.floor(i / w)) ? [120, 20, 20] : [190, 210, 240];
    rgb.set(c, i * 3);
  }
  const m = 32;
  const mask = new Float32Array(m * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < m; x++) {
      const d = Math.hypot((x + 0.5) * 3 - 48, (y + 0.5) * 3 - 48) - 30;
      mask[y * m + x] = Math.min(1, Math.max(0, 0.5 - d / 6));
    }
  }
  return { w, h, rgb, mask, m };
}

describe('cutoutFromMask', () => {
  it('by default stores the refined alpha over the image’s own colours', () => {
    const { w, h, rgb, mask, m } = scene();
    const rgba = cutoutFromMask(rgb, w, h, 3, mask, m, m);
    const alpha = refineAlpha(rgb, w, h, 3, mask, m, m);
    for (let i = 0; i < w * h; i++) {
      expect(rgba[i * 4 + 3]).toBe(Math.round(alpha[i]! * 255));
      expect(rgba[i * 4]).toBe(rgb[i * 3]);
      expect(rgba[i * 4 + 2]).toBe(rgb[i * 3 + 2]);
    }
  });

  it('decontaminates edge colours when asked, and with refine: false keeps the plain mask', () => {
    const { w, h, rgb, mask, m } = scene();
    const plain = cutoutFromMask(rgb, w, h, 3, mask, m, m, { refine: false, foreground: false });
    const cleaned = cutoutFromMask(rgb, w, h, 3, mask, m, m, { refine: false, foreground: {} });
    let changed = 0;
    for (let i = 0; i < w * h; i++) {
      expect(cleaned[i * 4 + 3]).toBe(plain[i * 4 + 3]);
      const a = plain[i * 4 + 3]!;
      if (a > 0 && a < 255 && cleaned[i * 4 + 2] !== plain[i * 4 + 2]) changed++;
    }
    expect(changed).toBeGreaterThan(20);
  });
});
