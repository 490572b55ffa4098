import { describe, expect, it } from 'vitest';
import type { MaskBuffer, RgbaPixels } from './maskBuffer';
import { beginStroke } from './maskStroke';

function solid(width: number, height: number, alpha: number): MaskBuffer {
  return { width, height, data: new Uint8Array(width * height).fill(alpha) };
}
function photo(width: number, height: number, colour: (x: number) => number[]): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...colour(x), 255], (y * width + x) * 4);
  return { width, height, data };
}
const grey = photo(200, 150, () => [128, 128, 128]);
const inCircle = (x: number, y: number, cx: number, cy: number, r: number) =>
  Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < r;

describe('beginStroke', () => {
  it('a hard erase dab clears exactly the pixels whose centres are inside the circle', () => {
    const mask = solid(200, 150, 255);
    const s = beginStroke(mask, grey, { tool: 'erase', radius: 10.5, hardness: 1 }, 100, 70);
    const delta = s.finish();
    for (let y = 0; y < 150; y++)
      for (let x = 0; x < 200; x++)
        expect(mask.data[y * 200 + x]).toBe(inCircle(x, y, 100, 70, 10.5) ? 0 : 255);
    expect(delta.tiles.length).toBeGreaterThan(0);
  });

  it('a segment paints the capsule between its ends and nothing else', () => {
    const mask = solid(200, 150, 255);
    const s = beginStroke(mask, grey, { tool: 'erase', radius: 6, hardness: 1 }, 20, 20);
    s.to(150, 100);
    s.finish();
    let outside = 0;
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < 200; x++) {
        // Distance from the pixel centre to the segment.
        const px = x + 0.5;
        const py = y + 0.5;
        const t = Math.max(
          0,
          Math.min(1, ((px - 20) * 130 + (py - 20) * 80) / (130 ** 2 + 80 ** 2)),
        );
        const d = Math.hypot(px - 20 - 130 * t, py - 20 - 80 * t);
        if (d >= 6 && mask.data[y * 200 + x] !== 255) outside++;
        if (d < 5.5) expect(mask.data[y * 200 + x]).toBe(0);
      }
    }
    expect(outside).toBe(0);
  });

  it('restore moves alpha to 255 under the brush; soft edges fall off', () => {
    const mask = solid(100, 100, 0);
    const s = beginStroke(mask, grey, { tool: 'restore', radius: 20, hardness: 0 }, 50, 50);
    s.finish();
    expect(mask.data[50 * 100 + 50]).toBeGreaterThan(240);
    const edge = mask.data[50 * 100 + 50 + 17]!;
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(128);
    expect(mask.data[50 * 100 + 50 + 20]).toBe(0);
  });

  it('overlapping dabs of one stroke do not build up beyond the strongest dab', () => {
    const mask = solid(100, 100, 200);
    const s = beginStroke(mask, grey, { tool: 'erase', radius: 10, hardness: 1 }, 50, 50, 0.5);
    s.to(50.5, 50, 0.5);
    s.to(50, 50, 0.5);
    s.finish();
    expect(mask.data[50 * 100 + 50]).toBe(Math.round((200 * (255 - 128)) / 255));
  });

  it('pen pressure scales the strength', () => {
    const light = solid(60, 60, 255);
    beginStroke(light, grey, { tool: 'erase', radius: 8, hardness: 1 }, 30, 30, 0.25).finish();
    expect(light.data[30 * 60 + 30]).toBe(Math.round((255 * (255 - 64)) / 255));
  });

  it('cancel restores every byte and finish without a change is an empty delta', () => {
    const mask = solid(130, 70, 255);
    for (let i = 0; i < mask.data.length; i++) mask.data[i] = (i * 7) % 256;
    const before = mask.data.slice();
    const s = beginStroke(mask, grey, { tool: 'erase', radius: 30, hardness: 0.5 }, 64, 35);
    s.to(120, 60);
    expect(mask.data).not.toEqual(before);
    s.cancel();
    expect(mask.data).toEqual(before);
    const none = solid(64, 64, 0);
    const e = beginStroke(none, grey, { tool: 'erase', radius: 5, hardness: 1 }, 10, 10).finish();
    expect(e.tiles).toHaveLength(0);
  });

  it('edge-aware erase stops at a hard edge of the original', () => {
    // Left half red, right half blue; the brush straddles the border from the red side.
    const twoColour = photo(120, 80, (x) => (x < 60 ? [220, 30, 30] : [30, 30, 220]));
    const mask = solid(120, 80, 255);
    const opts = { tool: 'erase' as const, radius: 25, hardness: 1, edgeAware: true };
    const s = beginStroke(mask, twoColour, opts, 50, 40);
    s.to(55, 40);
    s.finish();
    for (let y = 0; y < 80; y++) {
      for (let x = 60; x < 120; x++) expect(mask.data[y * 120 + x]).toBe(255);
    }
    expect(mask.data[40 * 120 + 59]).toBe(0);
    expect(mask.data[40 * 120 + 30]).toBe(0);
    // The same stroke without edge awareness crosses.
    const plain = solid(120, 80, 255);
    beginStroke(plain, twoColour, { ...opts, edgeAware: false }, 50, 40).finish();
    expect(plain.data[40 * 120 + 65]).toBe(0);
  });

  it('an edge-aware stroke that moves across the edge paints nothing on the far side', () => {
    const twoColour = photo(120, 80, (x) => (x < 60 ? [200, 200, 200] : [20, 20, 20]));
    const mask = solid(120, 80, 255);
    const s = beginStroke(
      mask,
      twoColour,
      { tool: 'erase', radius: 8, hardness: 1, edgeAware: true },
      40,
      40,
    );
    s.to(100, 40);
    s.finish();
    for (let y = 0; y < 80; y++)
      for (let x = 60; x < 120; x++) expect(mask.data[y * 120 + x]).toBe(255);
  });
});
