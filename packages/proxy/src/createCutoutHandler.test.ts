import { makeTestImage } from '@cutout/testing';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { createCutoutHandler } from './createCutoutHandler';
import { keyOutEngine } from './testing/keyOutEngine';
import { BASE, jsonRequest, multipartRequest } from './testing/requests';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 640, height: 480 }));
});

describe('POST /v1/open/remove_bg', () => {
  test('answers the upstream JSON shape with a result URL on the proxy itself', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(multipartRequest(jpeg, { path: '/api/cutout/v1/open/remove_bg' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      code: number;
      message: string;
      data: { image_url: string };
    };
    expect(body.code).toBe(0);
    expect(body.data.image_url).toMatch(
      /^http:\/\/proxy\.test\/api\/cutout\/v1\/results\/[0-9a-f-]{36}$/,
    );
    const png = await handler(new Request(body.data.image_url));
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    expect(png.headers.get('x-cutout-width')).toBe('640');
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  test('Accept: image/png answers the PNG itself with size and timing headers', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(multipartRequest(jpeg, { headers: { accept: 'image/png' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-cutout-width')).toBe('640');
    expect(res.headers.get('x-cutout-height')).toBe('480');
    expect(res.headers.get('server-timing')).toMatch(/engine;dur=[\d.]+.*total;dur=[\d.]+/);
    expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
  });

  test("passes the engine's own review on as X-Cutout-Review (exposed to the browser)", async () => {
    const engine = keyOutEngine();
    const withReview = (review: { needsReview: boolean; reasons: ['wide-soft-edge'] | [] }) =>
      createCutoutHandler({
        allowedOrigins: ['https://shop.example'],
        engine: {
          ...engine,
          removeBackground: async (...args) => ({
            ...(await engine.removeBackground(...args)),
            review,
          }),
        },
      });
    const flagged = await withReview({ needsReview: true, reasons: ['wide-soft-edge'] })(
      multipartRequest(jpeg, { headers: { accept: 'image/png', origin: 'https://shop.example' } }),
    );
    expect(flagged.headers.get('x-cutout-review')).toBe('wide-soft-edge');
    expect(flagged.headers.get('access-control-expose-headers')).toContain('X-Cutout-Review');
    const ok = await withReview({ needsReview: false, reasons: [] })(multipartRequest(jpeg));
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    expect(ok.headers.get('x-cutout-review')).toBe('ok');
    // An engine without a verdict (Codia) adds no header.
    const none = await createCutoutHandler({ engine })(multipartRequest(jpeg));
    expect(none.headers.get('x-cutout-review')).toBeNull();
  });

  test('the request log counts the bytes of JSON answers too (bytesOut)', async () => {
    const logs: Array<{ status: number; bytesOut: number }> = [];
    const handler = createCutoutHandler({ engine: keyOutEngine(), onLog: (e) => logs.push(e) });
    const ok = await handler(multipartRequest(jpeg));
    const refused = await handler(jsonRequest({ image_url: 'ftp://example.com/a.jpg' }));
    const sizes = [(await ok.arrayBuffer()).byteLength, (await refused.arrayBuffer()).byteLength];
    expect(logs.map((l) => [l.status, l.bytesOut])).toEqual([
      [200, sizes[0]],
      [400, sizes[1]],
    ]);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(ok.headers.get('content-length')).toBe(String(sizes[0]));
  });

  test('a PNG answered inline is not also kept in the result store', async () => {
    const { createMemoryResultStore } = await import('./resultStore');
    const results = createMemoryResultStore();
    const handler = createCutoutHandler({ engine: keyOutEngine(), results });
    await handler(multipartRequest(jpeg, { headers: { accept: 'image/png' } }));
    expect(results.size).toBe(0);
    await handler(multipartRequest(jpeg));
    expect(results.size).toBe(1);
  });

  test('the "file" field is accepted as an alias of "image"', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(multipartRequest(jpeg, { field: 'file' }));
    expect(res.status).toBe(200);
  });

  test('a mixed-case multipart boundary (as Chrome sends) works, buffered and streamed', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const boundary = '----WebKitFormBoundaryAbCdEfGh12345678';
    const enc = new TextEncoder();
    const head = enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="Shoe.JPG"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const tail = enc.encode(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array(head.length + jpeg.length + tail.length);
    body.set(head, 0);
    body.set(jpeg, head.length);
    body.set(tail, head.length + jpeg.length);
    const headers = {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept: 'image/png',
    };
    // With Content-Length (read whole) and without (streamed).
    const sized = await handler(
      new Request(`${BASE}/v1/open/remove_bg`, {
        method: 'POST',
        body,
        headers: { ...headers, 'content-length': String(body.length) },
      }),
    );
    expect(sized.status, await sized.clone().text()).toBe(200);
    const streamed = await handler(
      new Request(`${BASE}/v1/open/remove_bg`, {
        method: 'POST',
        body: new ReadableStream({
          start(c) {
            c.enqueue(body);
            c.close();
          },
        }),
        headers,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('x-cutout-width')).toBe('640');
  });

  test('results expire after their TTL', async () => {
    let now = 1_000_000;
    const { createMemoryResultStore } = await import('./resultStore');
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      results: createMemoryResultStore({ now: () => now }),
      limits: { resultTtlMs: 1000 },
    });
    const body = (await (await handler(multipartRequest(jpeg))).json()) as {
      data: { image_url: string };
    };
    now += 1001;
    const gone = await handler(new Request(body.data.image_url));
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: number }).code).toBe(40400);
  });

  test('publicUrl sets the base of result URLs', async () => {
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      publicUrl: 'https://cdn.example/cut/',
    });
    const body = (await (await handler(multipartRequest(jpeg))).json()) as {
      data: { image_url: string };
    };
    expect(body.data.image_url).toMatch(/^https:\/\/cdn\.example\/cut\/v1\/results\//);
  });
});

describe('other routes', () => {
  test('GET /healthz names the engine and says it is ready', async () => {
    const handler = createCutoutHandler({ engine: { ...keyOutEngine(), ready: () => false } });
    const res = await handler(new Request(`${BASE}/healthz`));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toBe('not ready');
    const ok = await createCutoutHandler({ engine: keyOutEngine() })(
      new Request(`${BASE}/healthz`),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { engine: string; ready: boolean } }).data).toEqual({
      engine: 'keyout',
      ready: true,
    });
  });

  test('unknown paths get 404 and wrong methods 405, both in the contract shape', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const missing = await handler(new Request(`${BASE}/nope`));
    expect(missing.status).toBe(404);
    const wrong = await handler(new Request(`${BASE}/v1/open/remove_bg`));
    expect(wrong.status).toBe(405);
    expect(((await wrong.json()) as { code: number }).code).toBe(40500);
  });

  test('unknown result ids get 404', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(new Request(`${BASE}/v1/results/${crypto.randomUUID()}`));
    expect(res.status).toBe(404);
  });
});

describe('CORS, authorize', () => {
  test('no cross-origin access by default: a POST from another site is refused', async () => {
    const engine = keyOutEngine();
    const handler = createCutoutHandler({ engine });
    const res = await handler(
      multipartRequest(jpeg, { headers: { origin: 'https://evil.example' } }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await handler(
      new Request(`${BASE}/v1/open/remove_bg`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      }),
    );
    expect(pre.status).toBe(403);
  });

  test('same-origin requests pass without CORS headers', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(multipartRequest(jpeg, { headers: { origin: BASE } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('allowed origins get their own origin echoed, never a wildcard', async () => {
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      allowedOrigins: ['https://shop.example'],
    });
    const pre = await handler(
      new Request(`${BASE}/v1/open/remove_bg`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization');
    const res = await handler(
      multipartRequest(jpeg, { headers: { origin: 'https://shop.example', accept: 'image/png' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Cutout-Width');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  test('authorize returning false (or throwing) answers 401 without calling the engine', async () => {
    const engine = keyOutEngine();
    let calls = 0;
    const handler = createCutoutHandler({
      engine: {
        ...engine,
        removeBackground: (...args) => {
          calls++;
          return engine.removeBackground(...args);
        },
      },
      authorize: (req) => {
        if (req.headers.get('x-boom')) throw new Error('session store down');
        return req.headers.get('authorization') === 'Bearer user-token';
      },
    });
    const refused = await handler(multipartRequest(jpeg));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: number }).code).toBe(40100);
    const boom = await handler(multipartRequest(jpeg, { headers: { 'x-boom': '1' } }));
    expect(boom.status).toBe(401);
    expect(calls).toBe(0);
    const ok = await handler(
      multipartRequest(jpeg, { headers: { authorization: 'Bearer user-token' } }),
    );
    expect(ok.status).toBe(200);
    expect(calls).toBe(1);
  });
});

describe('JSON mode with a local engine', () => {
  test('the URL is fetched through the SSRF guard: loopback is refused by default', async () => {
    const engine = keyOutEngine();
    const handler = createCutoutHandler({ engine });
    const res = await handler(jsonRequest({ image_url: 'http://127.0.0.1:9/cat.jpg' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(40001);
    expect(body.message).toMatch(/private, loopback or reserved/);
    expect(engine.urlsFetched).toEqual(['http://127.0.0.1:9/cat.jpg']);
  });

  test('a missing or non-http image_url is 40001', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    for (const body of [{}, { image_url: '' }, { image_url: 'file:///etc/passwd' }, 'not json']) {
      const res = await handler(jsonRequest(body));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: number }).code).toBe(40001);
    }
  });
});

describe('request timeout', () => {
  test('an engine that takes too long is aborted and answered 504', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let aborted = false;
      const handler = createCutoutHandler({
        engine: {
          name: 'slow',
          removeBackground: (_input, { signal }) =>
            new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                reject(signal.reason);
              });
            }),
        },
        limits: { requestTimeoutMs: 10_000 },
      });
      const pending = handler(multipartRequest(jpeg));
      await vi.advanceTimersByTimeAsync(10_001);
      const res = await pending;
      expect(res.status).toBe(504);
      expect(((await res.json()) as { message: string }).message).toMatch(/took too long/);
      expect(aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('graceful close', () => {
  test('requests in flight finish; new ones get 503 with Retry-After', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const engine = keyOutEngine();
    const handler = createCutoutHandler({
      engine: {
        ...engine,
        async removeBackground(input, options) {
          await gate;
          return engine.removeBackground(input, options);
        },
      },
    });
    const inFlight = handler(multipartRequest(jpeg));
    await new Promise((r) => setImmediate(r));
    expect(handler.inFlight).toBe(1);
    let closed = false;
    const closing = handler.close().then(() => {
      closed = true;
    });
    const late = await handler(multipartRequest(jpeg));
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    expect(closed).toBe(false);
    release();
    expect((await inFlight).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
  });
});
