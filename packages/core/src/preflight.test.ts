import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFLIGHT, preflightInput, resolvePreflightOptions } from './preflight';
import { sniffImage } from './sniffImage';

type Format = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff';

/** Real encoded images, made on the fly (no binaries in git). */
async function image(format: Format, width: number, height: number, alpha = false) {
  const channels = alpha ? 4 : 3;
  const background = alpha ? { r: 200, g: 30, b: 30, alpha: 0.5 } : { r: 200, g: 30, b: 30 };
  const buffer = await sharp({ create: { width, height, channels, background } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(buffer);
}

const options = resolvePreflightOptions(undefined);

describe('preflightInput', () => {
  it.each(['jpeg', 'png', 'webp'] as const)(
    'accepts a %s and reads its dimensions',
    async (format) => {
      const bytes = await image(format, 800, 500);
      const prepared = await preflightInput(bytes, options);
      expect(prepared).toMatchObject({
        type: 'file',
        size: bytes.byteLength,
        mimeType: `image/${format}`,
        info: { format, width: 800, height: 500 },
        flattened: false,
      });
    },
  );

  it('accepts Blob, File and ArrayBuffer inputs; the real format names the file', async () => {
    const bytes = await image('jpeg', 640, 480);
    const file = new File([bytes], 'product.png', { type: 'image/png' });
    const fromFile = await preflightInput(file, options);
    expect(fromFile).toMatchObject({ mimeType: 'image/jpeg', filename: 'product.jpg' });
    const fromBlob = await preflightInput(new Blob([bytes]), options);
    expect(fromBlob).toMatchObject({ filename: 'image.jpg', info: { width: 640 } });
    const fromBuffer = await preflightInput(bytes.slice().buffer, options);
    expect(fromBuffer).toMatchObject({ size: bytes.byteLength, info: { height: 480 } });
  });

  it.each(['gif', 'tiff'] as const)('refuses a %s as unsupported-format', async (format) => {
    const bytes = await image(format, 800, 600);
    await expect(preflightInput(bytes, options)).rejects.toMatchObject({
      kind: 'preflight',
      reason: 'unsupported-format',
      retryable: false,
    });
  });

  it('refuses bytes that are no image at all, whatever the file is called', async () => {
    const file = new File(['%PDF-1.7 not an image'], 'photo.jpg', { type: 'image/jpeg' });
    await expect(preflightInput(file, options)).rejects.toMatchObject({
      reason: 'unsupported-format',
    });
  });

  it('refuses an empty file', async () => {
    await expect(preflightInput(new Uint8Array(0), options)).rejects.toMatchObject({
      kind: 'preflight',
      reason: 'empty',
    });
  });

  it('refuses a file over maxBytes (25 MB by default, configurable)', async () => {
    expect(DEFAULT_PREFLIGHT.maxBytes).toBe(25 * 1024 * 1024);
    const bytes = await image('png', 800, 600);
    const small = resolvePreflightOptions({ maxBytes: bytes.byteLength - 1 });
    await expect(preflightInput(bytes, small)).rejects.toMatchObject({ reason: 'too-large' });
    const exact = resolvePreflightOptions({ maxBytes: bytes.byteLength });
    await expect(preflightInput(bytes, exact)).resolves.toMatchObject({ type: 'file' });
  });

  it('refuses a long edge under 400 px, from the header', async () => {
    await expect(preflightInput(await image('webp', 399, 300), options)).rejects.toMatchObject({
      kind: 'preflight',
      reason: 'too-small',
    });
    // The long edge counts, portrait or landscape.
    await expect(preflightInput(await image('jpeg', 120, 400), options)).resolves.toMatchObject({
      info: { width: 120, height: 400 },
    });
    const relaxed = resolvePreflightOptions({ minLongEdge: 100 });
    await expect(preflightInput(await image('png', 200, 150), relaxed)).resolves.toBeDefined();
  });

  it('refuses a header it cannot read', async () => {
    const png = await image('png', 800, 600);
    await expect(preflightInput(png.slice(0, 16), options)).rejects.toMatchObject({
      reason: 'unreadable',
    });
    const jpeg = await image('jpeg', 800, 600);
    await expect(preflightInput(jpeg.slice(0, 20), options)).rejects.toMatchObject({
      reason: 'unreadable',
    });
  });

  it('refuses too many pixels', async () => {
    const bytes = await image('png', 1000, 1000);
    const limited = resolvePreflightOptions({ maxPixels: 999_999 });
    await expect(preflightInput(bytes, limited)).rejects.toMatchObject({
      reason: 'too-many-pixels',
    });
  });

  it('finds a JPEG frame header behind large metadata segments', async () => {
    const jpeg = await image('jpeg', 900, 700);
    // Two 60 KB APP15 segments after SOI push the SOF past the first 64 KB.
    const segment = new Uint8Array(60_000 + 4);
    segment.set([0xff, 0xef, (60_002 >> 8) & 0xff, 60_002 & 0xff]);
    const padded = new Uint8Array(jpeg.byteLength + 2 * segment.byteLength);
    padded.set(jpeg.subarray(0, 2), 0);
    padded.set(segment, 2);
    padded.set(segment, 2 + segment.byteLength);
    padded.set(jpeg.subarray(2), 2 + 2 * segment.byteLength);
    expect(sniffImage(padded.subarray(0, 64 * 1024))?.width).toBeUndefined();
    await expect(preflightInput(new Blob([padded]), options)).resolves.toMatchObject({
      info: { width: 900, height: 700 },
    });
  });

  it('leaves alpha images as they are where no canvas exists (Node)', async () => {
    const bytes = await image('png', 600, 600, true);
    expect(sniffImage(bytes)?.hasAlpha).toBe(true);
    const prepared = await preflightInput(bytes, options);
    expect(prepared).toMatchObject({ type: 'file', flattened: false, data: bytes });
  });

  it('flattens alpha onto white with the flattener when one is available', async () => {
    const bytes = await image('webp', 600, 450, true);
    const prepared = await preflightInput(bytes, options, {
      // A real decoder standing in for the browser canvas.
      flatten: async (blob) => {
        const input = Buffer.from(await blob.arrayBuffer());
        const out = await sharp(input).flatten({ background: '#ffffff' }).png().toBuffer();
        return new Blob([new Uint8Array(out)], { type: 'image/png' });
      },
    });
    expect(prepared).toMatchObject({
      type: 'file',
      flattened: true,
      mimeType: 'image/png',
      filename: 'image.png',
      info: { width: 600, height: 450, hasAlpha: false },
    });
    if (prepared.type !== 'file') throw new Error('unreachable');
    const pixel = await sharp(Buffer.from(await (prepared.data as Blob).arrayBuffer()))
      .raw()
      .extract({ left: 0, top: 0, width: 1, height: 1 })
      .toBuffer({ resolveWithObject: true });
    expect(pixel.info.channels).toBe(3);
    // 50% red (200, 30, 30) over white ≈ (228, 143, 143); lossy WEBP moves it a little.
    const [r, g, b] = [...pixel.data];
    expect(Math.abs(r! - 228)).toBeLessThanOrEqual(4);
    expect(Math.abs(g! - 143)).toBeLessThanOrEqual(4);
    expect(Math.abs(b! - 143)).toBeLessThanOrEqual(4);
  });

  it('does not flatten when flattenAlpha is off', async () => {
    const bytes = await image('png', 600, 600, true);
    let called = false;
    const prepared = await preflightInput(bytes, resolvePreflightOptions({ flattenAlpha: false }), {
      flatten: async () => {
        called = true;
        return undefined;
      },
    });
    expect(called).toBe(false);
    expect(prepared).toMatchObject({ flattened: false });
  });

  it('sends anything when preflight is off', async () => {
    const prepared = await preflightInput(new Uint8Array([1, 2, 3]), false);
    expect(prepared).toMatchObject({ type: 'file', mimeType: 'application/octet-stream', size: 3 });
  });

  it('checks URL inputs for syntax and http(s) only', async () => {
    await expect(preflightInput(' https://cdn.example.com/a.jpg ', options)).resolves.toEqual({
      type: 'url',
      url: 'https://cdn.example.com/a.jpg',
    });
    await expect(preflightInput('not a url', options)).rejects.toMatchObject({
      kind: 'preflight',
      reason: 'invalid-url',
    });
    await expect(preflightInput('file:///etc/passwd', options)).rejects.toMatchObject({
      reason: 'invalid-url',
    });
  });
});
