import { isCutoutError } from '@cutout/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './loadModel';
import { onnxEngine } from './onnxEngine';
import { badInputs } from './testing/badInputs';
import { alphaIoU, productScene } from './testing/productScene';

// One engine (one model load) for the whole file; images are small (the model always runs at
// 1024², about 2 s each on 2 shared cores), and few.
const engine = onnxEngine({ maxQueued: 0 });
const signal = new AbortController().signal;
let plainPng: Uint8Array;

async function decodeRgba(png: Uint8Array) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8Array(data), ...info };
}

describe('onnxEngine', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // The weights ship as a dependency: their absence is a broken install, so this throws
    // (failing every test below) rather than skipping.
    await engine.warmup();
  }, 120_000);
  afterAll(() => engine.close());

  it('loads the bundled model once and reports ready', async () => {
    expect((await loadModel('medium')).byteLength).toBeGreaterThan(80_000_000);
    expect(engine.ready()).toBe(true);
    // `/healthz?deep=1` (issue 14 item 8): whether the model loaded.
    expect(await engine.check()).toEqual({ ok: true, reason: 'model-loaded' });
  });

  it('cuts out an object on a plain background (IoU ≥ 0.9), RGBA PNG at the input size', async () => {
    const scene = await productScene(480, 360, 'plain');
    const first = engine.removeBackground(
      { type: 'image', data: scene.png, format: 'png' },
      { signal },
    );
    // Concurrency 1 and no queue: a second request at the same time is refused at once.
    const busy = await engine
      .removeBackground({ type: 'image', data: scene.png, format: 'png' }, { signal })
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ kind: 'rate-limit', reason: 'busy', retryable: true });
    const result = await first;
    plainPng = result.png as Uint8Array;
    expect([result.width, result.height]).toEqual([480, 360]);
    // A crisp flat-coloured product: the model is sure of its outline, nothing to review.
    expect(result.review).toEqual({ needsReview: false, reasons: [] });
    const { rgba, channels, width, height } = await decodeRgba(result.png as Uint8Array);
    expect([channels, width, height]).toEqual([4, 480, 360]);
    expect(alphaIoU(rgba, scene.alpha)).toBeGreaterThanOrEqual(0.9);
    // The background corner is fully transparent, the subject's centre fully opaque.
    expect(rgba[3]).toBe(0);
    expect(rgba[(270 * 480 + 240) * 4 + 3]).toBe(255);
  });

  it('cuts out an object on a textured background (IoU ≥ 0.9), from a URL via fetchImage', async () => {
    const scene = await productScene(480, 360, 'textured');
    const fetched: string[] = [];
    const result = await engine.removeBackground(
      { type: 'url', url: 'https://example.test/bottle.png' },
      {
        signal,
        fetchImage: async (url) => {
          fetched.push(url);
          return scene.png;
        },
      },
    );
    expect(fetched).toEqual(['https://example.test/bottle.png']);
    const { rgba } = await decodeRgba(result.png as Uint8Array);
    expect(alphaIoU(rgba, scene.alpha)).toBeGreaterThanOrEqual(0.9);
    expect(result.timings?.downloadMs).toBeGreaterThanOrEqual(0);
  });

  it('reuses its working arrays between images without any leaking into the next cutout', async () => {
    // A bigger image of another scene, then the first image again: same bytes as the first time.
    const other = await productScene(640, 400, 'textured');
    await engine.removeBackground({ type: 'image', data: other.png, format: 'png' }, { signal });
    const again = await engine.removeBackground(
      { type: 'image', data: (await productScene(480, 360, 'plain')).png, format: 'png' },
      { signal },
    );
    expect(Buffer.compare(again.png as Uint8Array, plainPng)).toBe(0);
  });

  it('hands its raw pixels over when asked (no PNG), lent until released', async () => {
    // Issue 12: the proxy composes them as they are instead of decoding a PNG made for it.
    const plain = (await productScene(480, 360, 'plain')).png;
    const lent = await engine.removeBackground(
      { type: 'image', data: plain, format: 'png' },
      { signal, pixels: true },
    );
    expect(lent.png).toBeUndefined();
    // The verdict travels with the pixels too (the proxy's X-Cutout-Review on composed answers).
    expect(lent.review).toEqual({ needsReview: false, reasons: [] });
    const pixels = lent.pixels!;
    expect([pixels.width, pixels.height, lent.width, lent.height]).toEqual([480, 360, 480, 360]);
    const { rgba } = await decodeRgba(plainPng);
    expect(Buffer.compare(pixels.data, rgba)).toBe(0);
    // An image processed while they are held must not write over them.
    const other = await productScene(640, 400, 'textured');
    const next = await engine.removeBackground(
      { type: 'image', data: other.png, format: 'png' },
      { signal, pixels: true },
    );
    expect(Buffer.compare(pixels.data, rgba)).toBe(0);
    next.pixels!.release();
    pixels.release();
    pixels.release(); // twice is harmless
    // Released memory serves the next images: still the same cutout.
    const again = await engine.removeBackground(
      { type: 'image', data: plain, format: 'png' },
      { signal },
    );
    expect(Buffer.compare(again.png as Uint8Array, plainPng)).toBe(0);
  });

  it('refuses URLs when the proxy gives no fetcher', async () => {
    await expect(
      engine.removeBackground({ type: 'url', url: 'https://example.test/a.png' }, { signal }),
    ).rejects.toMatchObject({ kind: 'input', reason: 'url-not-supported' });
  });

  it('answers every bad input with an input error, repeatedly, without growing memory', async () => {
    const inputs = await badInputs();
    const run = async () => {
      for (const { bytes, reason } of inputs) {
        const error = await engine
          .removeBackground({ type: 'image', data: bytes, format: 'png' }, { signal })
          .catch((e: unknown) => e);
        expect(isCutoutError(error)).toBe(true);
        expect(error).toMatchObject({ kind: 'input', reason });
      }
    };
    await run();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) await run();
    expect(process.memoryUsage().rss - before).toBeLessThan(96 * 1024 * 1024);
    expect(engine.ready()).toBe(true);
  });

  it('refuses a stream over maxInputBytes and honours an aborted signal', async () => {
    const small = onnxEngine({ maxInputBytes: 1000 });
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(600));
      },
    });
    await expect(
      small.removeBackground({ type: 'image', data: stream, format: 'png' }, { signal }),
    ).rejects.toMatchObject({ kind: 'input', reason: 'too-large' });
    await expect(
      small.removeBackground(
        { type: 'image', data: new Uint8Array(10), format: 'png' },
        { signal: AbortSignal.abort() },
      ),
    ).rejects.toMatchObject({ kind: 'aborted' });
    expect(small.ready()).toBe(false); // never needed its model
    expect(await small.check()).toMatchObject({ ok: false, reason: 'model-not-loaded' });
    await small.close();
  });

  it('fails loudly when the model cannot be loaded', async () => {
    const broken = onnxEngine({ model: '/nonexistent/model.onnx' });
    await expect(broken.warmup()).rejects.toMatchObject({
      kind: 'transient',
      reason: 'model-unavailable',
      retryable: false,
    });
    expect(broken.ready()).toBe(false);
    // Why, for `/healthz?deep=1`: the load's own error, not a generic "not ready".
    expect(await broken.check()).toMatchObject({
      ok: false,
      reason: 'model-unavailable',
      message: expect.stringContaining('/nonexistent/model.onnx'),
      lastError: { kind: 'transient', reason: 'model-unavailable' },
    });
    await broken.close();
    await expect(
      broken.removeBackground(
        { type: 'image', data: new Uint8Array(10), format: 'png' },
        { signal },
      ),
    ).rejects.toMatchObject({ reason: 'closed' });
  });
});
