/**
 * A PNG encoder for exact pixels. `canvas.toBlob()` would go through the canvas's
 * premultiplied backing store and change the colour of every semi-transparent edge pixel;
 * this writes the bytes it is given. The deflate runs in the browser's native
 * `CompressionStream` (off the main thread); the main thread only adds one filter byte per
 * row, in slices that yield between them.
 */

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

function chunk(type: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

/** Rows per slice handed to the compressor (about 1 MB of RGBA at 4000 px wide). */
const ROWS_PER_SLICE = 64;

const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Encodes 8-bit pixels as a PNG: `channels` 4 = RGBA (straight alpha), 1 = greyscale (a
 * matte). Every row uses filter 0; the compressor does the rest.
 */
export async function encodePng(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: 1 | 4,
  signal?: AbortSignal,
): Promise<Blob> {
  if (typeof CompressionStream === 'undefined')
    throw new Error('encodePng needs CompressionStream (every current browser and Node 18+)');
  if (data.length !== width * height * channels)
    throw new Error(`encodePng: ${data.length} bytes is not ${width}×${height}×${channels}`);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 0; // RGBA or greyscale
  const stream = new CompressionStream('deflate'); // zlib format, what IDAT holds
  const writer = stream.writable.getWriter();
  const compressed = new Response(stream.readable).arrayBuffer();
  const stride = width * channels;
  for (let y = 0; y < height; y += ROWS_PER_SLICE) {
    signal?.throwIfAborted();
    const rows = Math.min(ROWS_PER_SLICE, height - y);
    const slice = new Uint8Array(rows * (stride + 1));
    for (let r = 0; r < rows; r++) {
      const start = (y + r) * stride;
      slice.set(data.subarray(start, start + stride), r * (stride + 1) + 1);
    }
    await writer.write(slice);
    if (y + rows < height) await yieldToMain();
  }
  await writer.close();
  const idat = new Uint8Array(await compressed);
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  return new Blob(
    [signature, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))],
    { type: 'image/png' },
  );
}
