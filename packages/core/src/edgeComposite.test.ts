import { describe, expect, it } from 'vitest';
import { alphaStats } from './edgeAlphaStats';
import { compositeOver } from './edgeComposite';

describe('compositeOver', () => {
  it('mixes each pixel with the background by its alpha (default #111)', () => {
    const px = new Uint8ClampedArray([255, 255, 255, 128, 10, 20, 30, 255, 200, 100, 50, 0]);
    expect(Array.from(compositeOver(px, 3, 1))).toEqual([136, 136, 136, 10, 20, 30, 17, 17, 17]);
    expect(Array.from(compositeOver(px, 3, 1, [255, 0, 0]).subarray(6))).toEqual([255, 0, 0]);
  });
  it('rejects a buffer of the wrong size', () => {
    expect(() => compositeOver(new Uint8Array(7), 1, 2)).toThrow(/expected 8 bytes/);
  });
});

describe('alphaStats', () => {
  it('counts transparent, partial and opaque pixels', () => {
    const px = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 51, 0, 0, 0, 255, 0, 0, 0, 255]);
    const s = alphaStats(px, 2, 2);
    expect([s.transparent, s.partial, s.opaque]).toEqual([1, 1, 2]);
    expect(s.coverage).toBeCloseTo((51 + 510) / 1020, 10);
    expect(s.histogram[51]).toBe(1);
  });
});
