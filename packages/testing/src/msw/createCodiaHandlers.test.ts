import { errorFromUpstream } from '@cutout/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultKind } from '../contract/faultKinds';
import { makeTestImage } from '../node/makeTestImage';
import {
  type CodiaHandlersOptions,
  createCodiaHandlers,
  createCodiaMock,
} from './createCodiaHandlers';

const BASE = 'http://cutout.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  vi.useRealTimers();
  server.resetHandlers();
});
afterAll(() => server.close());

const jpeg = await makeTestImage({ width: 640, height: 400 });

function mock(options: CodiaHandlersOptions = {}) {
  const m = createCodiaMock({ baseUrl: BASE, ...options });
  server.use(...m.handlers);
  return m;
}

function upload(
  bytes: Uint8Array<ArrayBuffer> = jpeg,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const form = new FormData();
  form.set('image', new Blob([bytes]), 'photo.jpg');
  return fetch(`${BASE}/v1/open/remove_bg`, { method: 'POST', body: form, ...init });
}

async function pixels(png: ArrayBuffer) {
  return sharp(Buffer.from(png)).raw().toBuffer({ resolveWithObject: true });
}

describe('createCodiaHandlers', () => {
  it('answers the contract JSON and serves a real RGBA PNG of the input size', async () => {
    const m = mock();
    const response = await upload();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ code: 0, message: 'ok' });
    expect(body.data.image_url).toMatch(/^http:\/\/cutout\.test\/v1\/results\/[\w-]+$/);
    const result = await fetch(body.data.image_url);
    expect(result.headers.get('content-type')).toBe('image/png');
    const { data, info } = await pixels(await result.arrayBuffer());
    expect([info.width, info.height, info.channels]).toEqual([640, 400, 4]);
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3]!;
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(639, 399)).toBe(0);
    expect(alpha(320, 200)).toBe(255);
    let soft = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0 && data[i]! < 255) soft++;
    expect(soft).toBeGreaterThan(100);
    expect(m.stats).toMatchObject({ requests: 1, successes: 1, resultsServed: 1 });
  });

  it('answers the PNG itself to Accept: image/png, like our proxy', async () => {
    mock();
    const response = await upload(jpeg, { headers: { accept: 'image/png, application/json' } });
    expect(response.headers.get('content-type')).toBe('image/png');
    const { info } = await pixels(await response.arrayBuffer());
    expect([info.width, info.height, info.channels]).toEqual([640, 400, 4]);
  });

  it('downloads image_url with fetch, so other handlers can serve it', async () => {
    const webp = await makeTestImage({ width: 300, height: 500, format: 'webp' });
    server.use(http.get('https://images.test/p.webp', () => HttpResponse.arrayBuffer(webp.buffer)));
    mock();
    const call = (url: string) =>
      fetch(`${BASE}/v1/open/remove_bg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'image/png' },
        body: JSON.stringify({ image_url: url }),
      });
    const { info } = await pixels(await (await call('https://images.test/p.webp')).arrayBuffer());
    expect([info.width, info.height]).toEqual([300, 500]);
    server.use(
      http.get('https://images.test/gone.jpg', () => new HttpResponse(null, { status: 404 })),
    );
    expect(await (await call('https://images.test/gone.jpg')).json()).toMatchObject({
      code: 40001,
    });
    expect(await (await call('ftp://x')).json()).toMatchObject({ code: 40001 });
  });

  it('checks the input: missing image 40001, wrong format 40002, too large 40003', async () => {
    mock({ maxBytes: 2_000 });
    const form = new FormData();
    form.set('photo', new Blob([jpeg]));
    const wrongField = await fetch(`${BASE}/v1/open/remove_bg`, { method: 'POST', body: form });
    expect([wrongField.status, (await wrongField.json()).code]).toEqual([400, 40001]);
    const text = await upload(new TextEncoder().encode('GIF89a, not ours'));
    expect([text.status, (await text.json()).code]).toEqual([400, 40002]);
    expect(jpeg.length).toBeGreaterThan(2_000);
    const big = await upload(jpeg);
    expect([big.status, (await big.json()).code]).toEqual([413, 40003]);
  });

  it.each<[FaultKind, number, number | undefined, string]>([
    ['credits', 402, 40200, 'credits'],
    ['auth', 401, 40100, 'auth'],
    ['rate-limit', 429, 42900, 'rate-limit'],
    ['transient', 500, 50000, 'transient'],
    ['http-503', 503, 50000, 'transient'],
    ['html-5xx', 502, undefined, 'transient'],
    ['missing-url', 400, 40001, 'input'],
    ['unsupported-format', 400, 40002, 'input'],
    ['too-large', 413, 40003, 'input'],
  ])(
    'scenario %s answers HTTP %i (code %s) on every call',
    async (scenario, status, code, kind) => {
      mock({ scenario, retryAfterS: 4 });
      for (let i = 0; i < 2; i++) {
        const response = await upload();
        const text = await response.text();
        const body = code === undefined ? undefined : JSON.parse(text);
        expect(response.status).toBe(status);
        expect(body?.code).toBe(code);
        const retryAfter = response.headers.get('retry-after');
        if (scenario === 'rate-limit' || scenario === 'http-503') expect(retryAfter).toBe('4');
        expect(errorFromUpstream({ status, body, retryAfter })?.kind).toBe(kind);
      }
    },
  );

  it.each<FaultKind>(['network-error', 'reset'])(
    'scenario %s is a network error',
    async (scenario) => {
      mock({ scenario });
      await expect(upload()).rejects.toThrow(TypeError);
    },
  );

  it('bad-json answers 200 with a body that does not parse', async () => {
    mock({ scenario: 'bad-json' });
    const response = await upload();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('runs a script of faults, then succeeds', async () => {
    const m = mock();
    m.script('transient', 'rate-limit', 'network-error');
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await upload().then(
          (r) => r.status,
          () => 'network',
        ),
      );
    }
    expect(outcomes).toEqual([500, 429, 'network', 200]);
    expect(m.requests.map((r) => r.fault)).toEqual([
      'transient',
      'rate-limit',
      'network-error',
      undefined,
    ]);
  });

  it('stall never answers (stays processing) until the client aborts', async () => {
    const m = mock({ scenario: 'stall' });
    const controller = new AbortController();
    let settled = false;
    const call = upload(jpeg, { signal: controller.signal }).finally(() => {
      settled = true;
    });
    call.catch(() => {});
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(m.stats.inFlight).toBe(1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('waits latencyMs before answering (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    mock({ latencyMs: 800 });
    let answered = false;
    const call = upload().then((r) => {
      answered = true;
      return r;
    });
    const tick = () => new Promise((r) => setImmediate(r));
    for (let i = 0; i < 200; i++) await tick();
    await vi.advanceTimersByTimeAsync(799);
    for (let i = 0; i < 50; i++) await tick();
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 5000 && !answered; i++) await tick();
    expect((await call).status).toBe(200);
  });

  it('spends credits, then answers 402', async () => {
    const m = mock({ credits: 1 });
    expect((await upload()).status).toBe(200);
    expect((await upload()).status).toBe(402);
    m.setCredits(5);
    expect((await upload()).status).toBe(200);
    expect(m.credits).toBe(4);
  });

  it('rate-limits past the limit with Retry-After', async () => {
    mock({ rateLimit: { limit: 1, windowMs: 60_000, retryAfterS: 9 } });
    expect((await upload()).status).toBe(200);
    const limited = await upload();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(await limited.json()).toMatchObject({ code: 42900 });
  });

  it('expires results after resultTtlMs, and scenario expired-result at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const m = mock({ resultTtlMs: 5_000 });
    const url = (await (await upload()).json()).data.image_url;
    expect((await fetch(url)).status).toBe(200);
    vi.setSystemTime(new Date('2026-01-01T00:00:05Z'));
    expect((await fetch(url)).status).toBe(410);
    expect((await fetch(`${BASE}/v1/results/unknown`)).status).toBe(404);
    m.setScenario('expired-result');
    const expired = (await (await upload()).json()).data.image_url;
    expect((await fetch(expired)).status).toBe(410);
  });

  it('requires the Bearer key when apiKey is set (mocking the upstream itself)', async () => {
    mock({ apiKey: 'k-1' });
    expect((await upload()).status).toBe(401);
    expect((await upload(jpeg, { headers: { authorization: 'Bearer k-1' } })).status).toBe(200);
  });

  it('slow-drip trickles the JSON answer', async () => {
    mock({ scenario: 'slow-drip', dripIntervalMs: 1 });
    const response = await upload();
    const reader = response.body!.getReader();
    let chunks = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += new TextDecoder().decode(value);
    }
    expect(chunks).toBeGreaterThan(3);
    expect(JSON.parse(text)).toMatchObject({ code: 0 });
  });

  it('answers /healthz, and createCodiaHandlers is just the handler list', async () => {
    server.use(...createCodiaHandlers({ baseUrl: BASE }));
    expect(await (await fetch(`${BASE}/healthz`)).json()).toEqual({ status: 'ok', engine: 'msw' });
  });
});
