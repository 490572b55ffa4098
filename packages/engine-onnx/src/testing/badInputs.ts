import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Test inputs that must be refused cleanly. Kept out of the package (`files` excludes
 * src/testing) and shared by the decoder and engine tests.
 */
export async function badInputs(): Promise<{ name: string; bytes: Uint8Array; reason: string }[]> {
  const noise = await noisyJpeg(600, 400);
  const png = await sharp(noise).png().toBuffer();
  return [
    { name: 'zero bytes', bytes: new Uint8Array(0), reason: 'empty' },
    {
      name: 'not an image',
      bytes: new TextEncoder().encode('<html>hello</html>'),
      reason: 'unsupported-format',
    },
    { name: 'truncated JPEG', bytes: noise.subarray(0, noise.length >> 1), reason: 'unreadable' },
    { name: 'truncated PNG', bytes: png.subarray(0, png.length >> 1), reason: 'unreadable' },
    { name: 'huge dimensions header', bytes: pngHeader(60_000, 60_000), reason: 'too-many-pixels' },
  ];
}

/** A JPEG of random noise (compresses badly, so truncation cuts real scan data). */
export async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = seed >> 23;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * A syntactically valid PNG that declares `width × height` but holds one tiny IDAT: a
 * decompression bomb as far as the header is concerned.
 */
export function pngHeader(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
