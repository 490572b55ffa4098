import { makeTestImage } from '@cutout/testing';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createCutoutHandler } from '../createCutoutHandler';
import { keyOutEngine } from '../testing/keyOutEngine';
import {
  BASE,
  jsonRequest,
  multipartRequest,
  pngHeader,
  streamedMultipart,
} from '../testing/requests';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 640, height: 480 }));
});
afterEach(() => {
  vi.useRealTimers();
});

async function answer(res: Response) {
  const body = (await res.json()) as { code: number; message: string; data: unknown };
  return { status: res.status, code: body.code, message: body.message };
}

/** An engine that must never be reached by a refused input. */
function guardedEngine() {
  const engine = keyOutEngine();
  let calls = 0;
  return {
    engine: {
      ...engine,
      removeBackground: (...args: Parameters<typeof engine.removeBackground>) => {
        calls++;
        return engine.removeBackground(...args);
      },
    },
    calls: () => calls,
  };
}

describe('the bad-input corpus, each refused with its code before the engine', () => {
  const cases: Array<[string, () => Request, number, number, RegExp]> = [
    ['zero bytes', () => multipartRequest(new Uint8Array(0)), 400, 40002, /empty/],
    [
      'truncated JPEG (no frame header)',
      () => multipartRequest(jpeg.slice(0, 20)),
      400,
      40002,
      /JPEG header is truncated/,
    ],
    [
      'text renamed .png, declared image/png',
      () =>
        multipartRequest(new TextEncoder().encode('hello, I am not an image at all'), {
          filename: 'photo.png',
          type: 'image/png',
        }),
      400,
      40002,
      /Unsupported image format/,
    ],
    [
      'PNG header claiming 100000×100000 (decompression bomb)',
      () =>
        multipartRequest(pngHeader(100_000, 100_000), { filename: 'bomb.png', type: 'image/png' }),
      413,
      40003,
      /100000×100000/,
    ],
    [
      'malformed multipart (no boundary)',
      () =>
        new Request(`${BASE}/v1/open/remove_bg`, {
          method: 'POST',
          body: 'garbage',
          headers: { 'content-type': 'multipart/form-data' },
        }),
      400,
      40001,
      /Malformed multipart/,
    ],
    [
      'malformed multipart (cut off mid-part)',
      () =>
        new Request(`${BASE}/v1/open/remove_bg`, {
          method: 'POST',
          body: '--b\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
          headers: { 'content-type': 'multipart/form-data; boundary=b' },
        }),
      400,
      40001,
      /Malformed multipart|interrupted/,
    ],
    [
      'wrong field name',
      () => multipartRequest(jpeg, { field: 'photo' }),
      400,
      40001,
      /"image" field/,
    ],
    [
      'unsupported content type',
      () =>
        new Request(`${BASE}/v1/open/remove_bg`, {
          method: 'POST',
          body: 'x',
          headers: { 'content-type': 'text/plain' },
        }),
      400,
      40001,
      /multipart\/form-data/,
    ],
    [
      'Content-Length over the limit',
      () => {
        const big = new Uint8Array(2048);
        big.set(jpeg.slice(0, 1024));
        return multipartRequest(big);
      },
      413,
      40003,
      /size limit/,
    ],
  ];

  /** The same request without Content-Length: the streaming path instead of the buffered one. */
  const unsized = (req: Request) => {
    const headers = new Headers(req.headers);
    headers.delete('content-length');
    return new Request(req.url, {
      method: req.method,
      headers,
      body: req.body,
      duplex: 'half',
    } as RequestInit);
  };

  test.each(
    cases.flatMap(([name, make, ...rest]) => [
      [`${name} (buffered)`, make, ...rest] as const,
      ...(name.includes('Content-Length')
        ? []
        : [[`${name} (streamed)`, () => unsized(make()), ...rest] as const]),
    ]),
  )('%s', async (_name, make, status, code, message) => {
    const { engine, calls } = guardedEngine();
    const handler = createCutoutHandler({ engine, limits: { maxBytes: 1024 } });
    const res = await handler(make());
    const a = await answer(res);
    expect(a).toMatchObject({ status, code });
    expect(a.message).toMatch(message);
    expect(calls()).toBe(0);
    // …and the handler still serves the next request.
    const ok = await createCutoutHandler({ engine })(multipartRequest(jpeg));
    expect(ok.status).toBe(200);
  });

  test('an oversized JSON body gets one answer, 400 / 40001, with or without Content-Length', async () => {
    const { engine, calls } = guardedEngine();
    const handler = createCutoutHandler({ engine, limits: { maxJsonBytes: 1024 } });
    const text = JSON.stringify({ image_url: `https://example.com/${'a'.repeat(4000)}.jpg` });
    const sized = jsonRequest(text, { 'content-length': String(text.length) });
    const chunked = new Request(`${BASE}/v1/open/remove_bg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.headers.get('content-length')).toBeNull();
    const answers = [await answer(await handler(sized)), await answer(await handler(chunked))];
    expect(answers[0]).toMatchObject({ status: 400, code: 40001 });
    expect(answers[1]).toEqual(answers[0]);
    expect(calls()).toBe(0);
  });

  test('an oversized body without Content-Length is cut at the limit (413 / 40003)', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine(), limits: { maxBytes: 100_000 } });
    let produced = 0;
    function* chunks() {
      yield jpeg;
      // Endless zeros: the guard must stop it, not the end of the body.
      for (;;) {
        produced += 16_384;
        yield new Uint8Array(16_384);
      }
    }
    const req = streamedMultipart(chunks());
    expect(req.headers.get('content-length')).toBeNull();
    const a = await answer(await handler(req));
    expect(a).toMatchObject({ status: 413, code: 40003 });
    expect(produced).toBeLessThan(400_000);
  });

  test('a slow-drip upload is ended by the idle timeout (408)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      limits: { uploadIdleTimeoutMs: 5_000, uploadTimeoutMs: 60_000 },
    });
    const never = new Promise<never>(() => {});
    async function* chunks() {
      yield jpeg.slice(0, 4096);
      await never;
    }
    const pending = handler(streamedMultipart(chunks()));
    await vi.advanceTimersByTimeAsync(5_001);
    const a = await answer(await pending);
    expect(a.status).toBe(408);
    expect(a.message).toMatch(/stalled/);
  });

  test('a trickle that keeps moving is still ended by the total upload timeout (408)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      limits: { uploadIdleTimeoutMs: 5_000, uploadTimeoutMs: 20_000 },
    });
    async function* chunks() {
      yield jpeg.slice(0, 4096);
      for (let i = 0; i < 1000; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        yield new Uint8Array(8);
      }
    }
    const pending = handler(streamedMultipart(chunks()));
    await vi.advanceTimersByTimeAsync(20_001);
    const a = await answer(await pending);
    expect(a.status).toBe(408);
    expect(a.message).toMatch(/took too long/);
  });
});
