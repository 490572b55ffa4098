export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  mimeType: `image/${ImageFormat}`;
  /** Undefined when the header that carries it is not within the bytes given. */
  width?: number;
  height?: number;
  /** True when the format header says the image carries an alpha channel. */
  hasAlpha?: boolean;
}

/** How many leading bytes are enough to read the format and, nearly always, the size. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Reads the real format from magic bytes, and the dimensions from the header, without
 * decoding. Returns undefined when the bytes are not JPEG, PNG or WEBP.
 *
 * Written by hand rather than taken from `image-size`: core has no run-time dependencies and
 * must work on a partial buffer (the first chunk of an upload stream) in browsers and Node.
 */
export function sniffImage(bytes: Uint8Array): ImageInfo | undefined {
  if (isPng(bytes)) return readPng(bytes);
  if (isJpeg(bytes)) return readJpeg(bytes);
  if (isWebp(bytes)) return readWebp(bytes);
  return undefined;
}

function isPng(b: Uint8Array): boolean {
  return (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  );
}

function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function isWebp(b: Uint8Array): boolean {
  return b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
}

function ascii(b: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function u16be(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
}
function u16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u24le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
}

function readPng(b: Uint8Array): ImageInfo {
  const info: ImageInfo = { format: 'png', mimeType: 'image/png' };
  // IHDR is always the first chunk: length(4) type(4) width(4) height(4) depth(1) colour(1)
  if (b.length >= 26 && ascii(b, 12, 4) === 'IHDR') {
    info.width = u32be(b, 16);
    info.height = u32be(b, 20);
    const colourType = b[25]!;
    // 4 = grey+alpha, 6 = RGBA; a tRNS chunk also adds transparency to palette/grey/RGB.
    info.hasAlpha = colourType === 4 || colourType === 6 || hasChunk(b, 'tRNS');
  }
  return info;
}

function hasChunk(b: Uint8Array, type: string): boolean {
  let o = 8;
  while (o + 8 <= b.length) {
    const length = u32be(b, o);
    const t = ascii(b, o + 4, 4);
    if (t === type) return true;
    if (t === 'IDAT' || t === 'IEND') return false;
    o += 12 + length;
  }
  return false;
}

function readJpeg(b: Uint8Array): ImageInfo {
  const info: ImageInfo = { format: 'jpeg', mimeType: 'image/jpeg', hasAlpha: false };
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) {
      o++;
      continue;
    }
    const marker = b[o + 1]!;
    if (marker === 0xff) {
      o++;
      continue;
    }
    // Standalone markers without a length.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image / start of scan
    const length = u16be(b, o + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && o + 9 <= b.length) {
      info.height = u16be(b, o + 5);
      info.width = u16be(b, o + 7);
      return info;
    }
    o += 2 + length;
  }
  return info;
}

function readWebp(b: Uint8Array): ImageInfo {
  const info: ImageInfo = { format: 'webp', mimeType: 'image/webp' };
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    // Lossy: frame tag(3) start code(3) then 14-bit width/height.
    info.width = u16le(b, 26) & 0x3fff;
    info.height = u16le(b, 28) & 0x3fff;
    info.hasAlpha = false;
  } else if (chunk === 'VP8L' && b.length >= 25) {
    // Lossless: signature 0x2f then 14 bits width-1, 14 bits height-1, 1 bit alpha.
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    info.width = (bits & 0x3fff) + 1;
    info.height = ((bits >>> 14) & 0x3fff) + 1;
    info.hasAlpha = ((bits >>> 28) & 1) === 1;
  } else if (chunk === 'VP8X' && b.length >= 30) {
    info.hasAlpha = (b[20]! & 0x10) !== 0;
    info.width = u24le(b, 24) + 1;
    info.height = u24le(b, 27) + 1;
  }
  return info;
}
