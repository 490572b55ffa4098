// @vitest-environment node
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from './encodePng';

async function chunks(blob: Blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    out.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodePng', () => {
  it('writes the exact RGBA bytes, semi-transparent colours included', async () => {
    const w = 70;
    const h = 130;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 31) % 256;
    const parts = await chunks(await encodePng(rgba, w, h, 4));
    expect(parts.map((p) => p.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = new DataView(parts[0]!.data.buffer, parts[0]!.data.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), parts[0]!.data[8], parts[0]!.data[9]]).toEqual([
      w,
      h,
      8,
      6,
    ]);
    const raw = inflateSync(parts[1]!.data);
    expect(raw.length).toBe(h * (w * 4 + 1));
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w * 4 + 1)]).toBe(0);
      expect(raw.subarray(y * (w * 4 + 1) + 1, (y + 1) * (w * 4 + 1))).toEqual(
        Buffer.from(rgba.subarray(y * w * 4, (y + 1) * w * 4)),
      );
    }
  });

  it('writes a greyscale matte and rejects a wrong byte count', async () => {
    const matte = new Uint8Array([0, 128, 255, 7]);
    const parts = await chunks(await encodePng(matte, 2, 2, 1));
    expect(parts[0]!.data[9]).toBe(0);
    expect([...inflateSync(parts[1]!.data)]).toEqual([0, 0, 128, 0, 255, 7]);
    await expect(encodePng(matte, 3, 2, 1)).rejects.toThrow(/not 3×2×1/);
  });
});
