import { type CutoutError, createCutoutClient, isCutoutError } from '@cutout/core';
import { codiaEngine } from '@cutout/proxy';
import { type FaultKind, makeTestImage } from '@cutout/testing';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { keyOutEngine, type ProxyRig, startRig } from './proxy.harness';

let jpeg: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 900, height: 600, format: 'jpeg' }));
});

const clientFor = (rig: ProxyRig, retry: false | object = false) =>
  createCutoutClient({ endpoint: rig.proxy.url, fetch, retry: retry as false });

async function failure(promise: Promise<unknown>): Promise<CutoutError> {
  try {
    await promise;
  } catch (error) {
    if (isCutoutError(error)) return error;
    throw error;
  }
  throw new Error('expected a CutoutError');
}

describe('Codia mode through the real client', () => {
  let rig: ProxyRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.close());
  afterEach(() => rig.fake.reset());

  test('an upload comes back as a real PNG at the input size, one round trip', async () => {
    const cutout = await clientFor(rig).removeBackground(jpeg);
    expect([cutout.width, cutout.height]).toEqual([900, 600]);
    const meta = await sharp(new Uint8Array(await cutout.blob.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 4, width: 900, height: 600 });
    expect(rig.fake.stats.successes).toBe(1);
    // The client asked for image/png: no second request for the result.
    expect(rig.logs.at(-1)).toMatchObject({ method: 'POST', status: 200, engine: 'codia' });
  });

  test('JSON mode: the URL passes through to the upstream, which downloads it', async () => {
    const url = rig.fake.hostFile(jpeg, 'image/jpeg');
    const cutout = await clientFor(rig).removeBackground(url);
    expect([cutout.width, cutout.height]).toEqual([900, 600]);
    expect(rig.fake.requests.at(-1)?.mode).toBe('json');
  });

  test('without Accept: image/png the answer names a result on the proxy, served with CORS-safe headers', async () => {
    const form = new FormData();
    form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
    const res = await fetch(`${rig.proxy.url}/v1/open/remove_bg`, { method: 'POST', body: form });
    const body = (await res.json()) as { data: { image_url: string } };
    expect(body.data.image_url.startsWith(`${rig.proxy.url}/v1/results/`)).toBe(true);
    const png = await fetch(body.data.image_url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await png.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  test('one retry layer per hop: upstream failures reach the client, which retries them', async () => {
    rig.fake.script('http-503', 'reset');
    const error = await failure(clientFor(rig).removeBackground(jpeg));
    expect(error).toMatchObject({ kind: 'transient', retryable: true });
    // The proxy did not retry the 503 itself: one upload reached the upstream.
    expect(rig.fake.requests.map((r) => r.code ?? r.fault)).toEqual([50000]);
    const cutout = await clientFor(rig, {
      maxAttempts: 3,
      baseDelayMs: 5,
      maxDelayMs: 20,
    }).removeBackground(jpeg);
    expect(cutout.attempts).toBe(2);
    // The reset, the free door probe after it (answered 40001), then the client's retry.
    expect(rig.fake.requests.map((r) => r.code ?? r.fault)).toEqual([50000, 'reset', 40001, 0]);
  });

  test("worst case per image: the client's 4 attempts are the only uploads (was 4 x 3 = 12)", async () => {
    rig.fake.setScenario('transient');
    const error = await failure(
      clientFor(rig, { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 }).removeBackground(jpeg),
    );
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
    expect(rig.fake.stats.requests).toBe(4);
    rig.fake.setScenario('success');
  });

  test('an expired upstream result reaches the client as a retried 502 (a new upload is its call)', async () => {
    rig.fake.script('expired-result');
    const error = await failure(clientFor(rig).removeBackground(jpeg));
    expect(error).toMatchObject({ kind: 'transient', status: 502, reason: 'result-expired' });
    rig.fake.script('expired-result');
    const cutout = await clientFor(rig, {
      maxAttempts: 2,
      baseDelayMs: 5,
      maxDelayMs: 20,
    }).removeBackground(jpeg);
    expect([cutout.width, cutout.attempts]).toEqual([900, 2]);
  });

  // What the client sees for each standing upstream failure (engine retries exhausted).
  const kinds: Array<[FaultKind, string, number]> = [
    ['credits', 'credits', 402],
    // Issue 14 item 1, the proxy's hop: the status line wins over the reset upload.
    ['credits-reset', 'credits', 402],
    // The server's key refused upstream: a 502, not authorize()'s 401 (issue 14 item 7).
    ['auth', 'transient', 502],
    ['rate-limit', 'rate-limit', 429],
    ['transient', 'transient', 500],
    ['http-503', 'transient', 503],
    ['html-5xx', 'transient', 502],
    ['bad-json', 'transient', 502],
    ['missing-url', 'input', 400],
    ['unsupported-format', 'input', 400],
    ['too-large', 'input', 413],
    ['reset', 'transient', 502],
    ['network-error', 'transient', 502],
    // The proxy answers 504 / 50000; the client's table reads a 5xx as transient.
    ['stall', 'transient', 504],
  ];
  test.each(kinds)(
    'upstream %s → the client gets kind %s (HTTP %i)',
    async (fault, kind, status) => {
      rig.fake.setScenario(fault);
      const error = await failure(clientFor(rig).removeBackground(jpeg));
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      if (fault === 'rate-limit') expect(error.retryAfterMs).toBeGreaterThan(0);
      const health = await fetch(`${rig.proxy.url}/healthz`);
      expect(health.status).toBe(200);
    },
  );

  test('an upstream 401 (the server key) is a 502 upstream-auth: not retried, logged as such', async () => {
    rig.fake.setScenario('auth');
    const client = createCutoutClient({
      endpoint: rig.proxy.url,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const error = await failure(client.removeBackground(jpeg));
    expect(error).toMatchObject({
      kind: 'transient',
      reason: 'upstream-auth',
      status: 502,
      retryable: false,
    });
    // One call from the client, one from the proxy: nobody retried a wrong key.
    expect(rig.fake.stats.requests).toBe(1);
    expect(rig.logs.at(-1)).toMatchObject({
      status: 502,
      error: { kind: 'transient', reason: 'upstream-auth' },
    });
  });

  test('an expired result that cannot be re-run in the proxy reaches the client as a retried 502, never the 410', async () => {
    // Over the engine's replay buffer: the proxy cannot resend it, the client must.
    const big = new Uint8Array(
      await makeTestImage({ width: 1200, height: 1200, format: 'png', texture: 'noise' }),
    );
    expect(big.byteLength).toBeGreaterThan(512 * 1024);
    rig.fake.script('expired-result');
    const error = await failure(clientFor(rig).removeBackground(big));
    expect(error).toMatchObject({ kind: 'transient', status: 502, retryable: true });
    expect(rig.logs.at(-1)).toMatchObject({ status: 502, error: { reason: 'result-expired' } });
    rig.fake.script('expired-result');
    const retried = createCutoutClient({
      endpoint: rig.proxy.url,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const cutout = await retried.removeBackground(big);
    expect([cutout.width, cutout.attempts]).toEqual([1200, 2]);
  });

  test('an upstream that takes the whole upload and never answers: "did not answer", not "did not finish the upload"', async () => {
    rig.fake.setScenario('stall');
    const form = new FormData();
    form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
    const res = await fetch(`${rig.proxy.url}/v1/open/remove_bg`, { method: 'POST', body: form });
    const body = (await res.json()) as { code: number; message: string; reason?: string };
    expect(res.status).toBe(504);
    expect(body).toMatchObject({ code: 50000, reason: 'upstream-answer-timeout' });
    expect(body.message).toMatch(/did not answer in time/);
    expect(body.message).not.toMatch(/did not finish the upload/);
  });

  test('an upstream 402 before reading stops the client upload at once', async () => {
    rig.fake.setCredits(0);
    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(jpeg);
    // The real client, with its retries: an upload cut by the upstream's early close can
    // surface as a reset, which it retries; it must end in "credits" either way.
    const client = createCutoutClient({
      endpoint: rig.proxy.url,
      fetch,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      preflight: false,
    });
    const error = await failure(client.removeBackground(big));
    expect(error).toMatchObject({ kind: 'credits', status: 402 });
    const posts = rig.logs.filter((l) => l.method === 'POST');
    expect(posts.at(-1)!.status).toBe(402);
    // The proxy stopped reading each upload long before its end.
    for (const log of posts.slice(-3)) expect(log.bytes).toBeLessThan(big.byteLength / 2);
    expect(rig.fake.stats.bytesReceived).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('upstream back-pressure (issue 14 item 5)', () => {
  test('over maxConcurrent + maxQueued, the excess gets 503 + Retry-After at once; the upstream never sees more than maxConcurrent', async () => {
    const rig = await startRig({
      fake: { latencyMs: 400 },
      handler: { maxConcurrent: 2, maxQueued: 2 },
    });
    try {
      const send = async () => {
        const form = new FormData();
        form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
        const started = performance.now();
        const res = await fetch(`${rig.proxy.url}/v1/open/remove_bg`, {
          method: 'POST',
          body: form,
          headers: { accept: 'image/png' },
        });
        await res.arrayBuffer();
        return {
          status: res.status,
          ms: performance.now() - started,
          retryAfter: res.headers.get('retry-after'),
        };
      };
      const answers = await Promise.all(Array.from({ length: 10 }, send));
      const ok = answers.filter((a) => a.status === 200);
      const shed = answers.filter((a) => a.status === 503);
      expect([ok.length, shed.length]).toEqual([4, 6]);
      for (const a of shed) {
        expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
        // Refused at once, not after waiting for the upstream.
        expect(a.ms).toBeLessThan(Math.min(...ok.map((o) => o.ms)));
      }
      expect(rig.fake.stats.maxConcurrent).toBe(2);
      expect(rig.fake.stats.requests).toBe(4);
      expect(rig.logs.filter((l) => l.error?.reason === 'over-capacity')).toHaveLength(6);
    } finally {
      await rig.close();
    }
  });
});

describe('local engine mode', () => {
  test('uploads and URLs both work; URLs go through the SSRF guard (loopback allowed for this test only)', async () => {
    const engine = keyOutEngine();
    const rig = await startRig({
      engine: () => engine,
      handler: { fetchImage: { allowLoopback: true } },
    });
    try {
      const client = clientFor(rig);
      expect((await client.removeBackground(jpeg)).width).toBe(900);
      const url = rig.fake.hostFile(jpeg, 'image/jpeg');
      expect((await client.removeBackground(url)).height).toBe(600);
      expect(engine.urlsFetched).toEqual([url]);
      // The upstream was never called: the engine is local.
      expect(rig.fake.stats.requests).toBe(0);
    } finally {
      await rig.close();
    }
  });

  test('by default a loopback URL is refused with 40001 and the server stays up', async () => {
    const rig = await startRig({ engine: () => keyOutEngine() });
    try {
      const error = await failure(
        clientFor(rig).removeBackground(rig.fake.hostFile(jpeg, 'image/jpeg')),
      );
      // The proxy's reason reaches the client: blocked, not "missing" (issue 15 §8).
      expect(error).toMatchObject({
        kind: 'input',
        code: 40001,
        status: 400,
        reason: 'blocked-url',
      });
      expect(rig.logs.at(-1)?.error).toMatchObject({ reason: 'blocked-url' });
      expect((await fetch(`${rig.proxy.url}/healthz`)).status).toBe(200);
    } finally {
      await rig.close();
    }
  });
});

describe('fault storms: every request ends, correctly', () => {
  test('resets, stalls, 5xx bursts and 429s at random: each item is done or failed with a kind', async () => {
    const rig = await startRig({
      fake: {
        faults: {
          rate: 0.35,
          kinds: [
            'reset',
            'stall',
            'http-503',
            'transient',
            'html-5xx',
            'bad-json',
            'network-error',
            'rate-limit',
          ],
          seed: 7,
        },
        retryAfterS: 0.05,
      },
      engine: (fake) =>
        codiaEngine({
          apiKey: fake.apiKey,
          baseUrl: fake.url,
          retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
          // Only the client retries the upload now (one layer per hop): a bound this tight
          // must not also cut the calls that are just slow on a loaded machine.
          timeoutMs: 2_000,
        }),
    });
    try {
      const client = createCutoutClient({
        endpoint: rig.proxy.url,
        fetch,
        retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
      });
      const items = Array.from({ length: 40 }, () => jpeg);
      const results = await client.runBatch(items, { concurrency: 8 });
      expect(results).toHaveLength(40);
      for (const r of results) {
        expect(['done', 'failed']).toContain(r.status);
        if (r.status === 'done') expect(r.cutout?.width).toBe(900);
        else expect(isCutoutError(r.error)).toBe(true);
      }
      // With the client's 4 attempts, a 35% fault rate still lets nearly everything through.
      expect(results.filter((r) => r.status === 'done').length).toBeGreaterThanOrEqual(36);
      expect(rig.handler.inFlight).toBe(0);
      expect((await fetch(`${rig.proxy.url}/healthz`)).status).toBe(200);
    } finally {
      await rig.close();
    }
  });

  test('a 429 storm from the upstream: answers carry Retry-After, and the batch finishes', async () => {
    const rig = await startRig({
      fake: { rateLimit: { limit: 3, windowMs: 300, retryAfterS: 0.3 } },
      // No retries in the proxy: the 429s reach the client, which paces itself by them.
      engine: (fake) => codiaEngine({ apiKey: fake.apiKey, baseUrl: fake.url, retry: false }),
    });
    try {
      const client = createCutoutClient({
        endpoint: rig.proxy.url,
        fetch,
        retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 2000, maxTotalMs: 20_000 },
      });
      const results = await client.runBatch(
        Array.from({ length: 12 }, () => jpeg),
        { concurrency: 6 },
      );
      expect(results.map((r) => r.error?.toJSON() ?? r.status)).toEqual(results.map(() => 'done'));
      expect(rig.fake.stats.byCode['42900']).toBeGreaterThan(0);
      expect(rig.logs.some((l) => l.status === 429)).toBe(true);
    } finally {
      await rig.close();
    }
  });
});
