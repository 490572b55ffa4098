import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CutoutClientOptions,
  type CutoutError,
  type CutoutProgress,
  createCutoutClient,
  isCutoutError,
} from '@cutout/core';
import { type FakeCodia, type FaultKind, makeTestImage, startFakeCodia } from '@cutout/testing';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * @cutout/core against the fake upstream over real loopback HTTP (no mocks between them).
 */
let fake: FakeCodia;
let jpeg: Uint8Array<ArrayBuffer>;
let webp: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  // Retry-After of 50 ms for rate limits keeps retries fast without changing their logic.
  fake = await startFakeCodia({
    rateLimit: { limit: 1_000_000, windowMs: 60_000, retryAfterS: 0.05 },
  });
  jpeg = new Uint8Array(await makeTestImage({ width: 900, height: 600, format: 'jpeg' }));
  webp = new Uint8Array(await makeTestImage({ width: 500, height: 700, format: 'webp' }));
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.reset();
});

function client(options: Partial<CutoutClientOptions> = {}) {
  return createCutoutClient({
    endpoint: fake.url,
    headers: { Authorization: `Bearer ${fake.apiKey}` },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    stallTimeoutMs: 2000,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<CutoutError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  if (!isCutoutError(error)) throw error;
  expect(JSON.stringify(error)).not.toContain(fake.apiKey);
  expect(error.message).not.toContain(fake.apiKey);
  return error;
}

function expectProgressContract(events: CutoutProgress[]) {
  const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
  expect(phases[0]).toBe('preflight');
  expect(phases.at(-1)).toBe('done');
  const lastAttempt = events.at(-1)!.attempt;
  for (const attempt of new Set(events.map((e) => e.attempt))) {
    for (const phase of ['uploading', 'downloading'] as const) {
      const list = events.filter((e) => e.attempt === attempt && e.phase === phase);
      const loaded = list.map((e) => e.loaded!);
      expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
      if (attempt === lastAttempt) {
        expect(list.length).toBeGreaterThan(0);
        expect(list.at(-1)!.loaded).toBe(list.at(-1)!.total);
      }
    }
  }
  const ordered = ['preflight', 'uploading', 'processing', 'downloading', 'done'];
  const last = phases.slice(phases.lastIndexOf('retrying') + 1);
  expect(last).toEqual(ordered.slice(ordered.indexOf(last[0]!)));
}

describe('client ↔ fake Codia', () => {
  it('removes the background of an upload: a real PNG of the same size, progress to 100%', async () => {
    const events: CutoutProgress[] = [];
    const cutout = await client().removeBackground(jpeg, { onProgress: (p) => events.push(p) });
    expect(cutout).toMatchObject({ width: 900, height: 600, attempts: 1 });
    const meta = await sharp(Buffer.from(await cutout.blob.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 900, height: 600, channels: 4 });
    expectProgressContract(events);
    expect(fake.stats.successes).toBe(1);
    expect(fake.stats.resultsServed).toBe(1);
    expect(fake.stats.bytesReceived).toBeGreaterThan(jpeg.byteLength);
  });

  it('accepts a File (WEBP) too', async () => {
    const cutout = await client().removeBackground(new File([webp], 'shoe.webp'));
    expect(cutout).toMatchObject({ width: 500, height: 700 });
  });

  describe('image URL mode', () => {
    let images: Server;
    let imageUrl: string;
    beforeAll(async () => {
      images = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.byteLength });
        res.end(jpeg);
      });
      await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
      imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/product.jpg`;
    });
    afterAll(async () => {
      images.closeAllConnections();
      await new Promise<void>((r) => images.close(() => r()));
    });

    it('sends {"image_url"} and gets the cutout of the image the server fetched', async () => {
      const events: CutoutProgress[] = [];
      const cutout = await client().removeBackground(imageUrl, {
        onProgress: (p) => events.push(p),
      });
      expect(cutout).toMatchObject({ width: 900, height: 600, attempts: 1 });
      expect(fake.requests.at(-1)).toMatchObject({ mode: 'json', status: 200, code: 0 });
      expectProgressContract(events);
    });

    it('maps an unreachable URL to input/missing-url', async () => {
      const error = await failure(client().removeBackground('http://127.0.0.1:9/nothing-here.jpg'));
      expect(error).toMatchObject({ kind: 'input', reason: 'missing-url', code: 40001 });
    });
  });

  const kinds: Array<[FaultKind, Partial<CutoutError>]> = [
    ['missing-url', { kind: 'input', reason: 'missing-url' }],
    ['unsupported-format', { kind: 'input', reason: 'unsupported-format' }],
    ['too-large', { kind: 'input', reason: 'too-large' }],
    ['credits', { kind: 'credits', status: 402 }],
    ['auth', { kind: 'auth', status: 401 }],
    ['rate-limit', { kind: 'rate-limit', status: 429, retryAfterMs: 50 }],
    ['transient', { kind: 'transient', code: 50000 }],
    ['http-503', { kind: 'transient', status: 503 }],
    ['html-5xx', { kind: 'transient', status: 502 }],
    ['bad-json', { kind: 'transient', reason: 'bad-response' }],
    ['reset', { kind: 'network' }],
    ['network-error', { kind: 'network' }],
    ['stall', { kind: 'timeout' }],
    ['expired-result', { kind: 'transient', reason: 'result-expired' }],
  ];
  it.each(kinds)('fault %s → %o (no retry)', async (fault, expected) => {
    fake.script(fault);
    const error = await failure(
      client({ retry: false, stallTimeoutMs: 300 }).removeBackground(jpeg),
    );
    expect(error).toMatchObject(expected);
  });

  it('a wrong key is `auth`, and the key is in no error', async () => {
    const error = await failure(
      client({ headers: { Authorization: 'Bearer wrong' } }).removeBackground(jpeg),
    );
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(fake.stats.requests).toBe(1);
  });

  it('out of credits: 402 before the upload is read, not retried', async () => {
    fake.setCredits(0);
    const big = new Uint8Array(
      await makeTestImage({ width: 3000, height: 3000, format: 'png', texture: 'noise' }),
    );
    const error = await failure(client().removeBackground(big));
    expect(error).toMatchObject({ kind: 'credits' });
    expect(fake.stats.requests).toBe(1);
    expect(fake.stats.bytesReceived).toBeLessThan(big.byteLength);
  });

  // Issue 14 item 1: the early 402 wins over the broken upload, fresh or reused connection.
  it.each([
    ['a fresh', false],
    ['a reused keep-alive', true],
  ])(
    'a 402 whose body is lost to the reset of the refused upload is still `credits`, on %s connection',
    async (_name, reuse) => {
      const big = new Uint8Array(
        await makeTestImage({ width: 1500, height: 1500, format: 'png', texture: 'noise' }),
      );
      const c = client();
      for (let i = 0; i < 5; i++) {
        // A call first, so the next one goes out on the connection it left open.
        if (reuse) await c.removeBackground(jpeg);
        fake.script('credits-reset');
        const error = await failure(c.removeBackground(big));
        expect(error).toMatchObject({ kind: 'credits', status: 402, retryable: false });
      }
      expect(fake.stats.requests).toBe(reuse ? 10 : 5);
    },
  );

  it('preflight failures never reach the server', async () => {
    const tiny = new Uint8Array(await makeTestImage({ width: 300, height: 200 }));
    const error = await failure(client().removeBackground(tiny));
    expect(error).toMatchObject({ kind: 'preflight', reason: 'too-small' });
    const gif = new Uint8Array(
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#888' } })
        .gif()
        .toBuffer(),
    );
    expect(await failure(client().removeBackground(gif))).toMatchObject({
      reason: 'unsupported-format',
    });
    expect(fake.stats.requests).toBe(0);
  });

  it('retries that recover: transient, rate limit, reset, stall, expired result', async () => {
    fake.script('transient', 'rate-limit', 'reset', 'stall', 'expired-result');
    const events: CutoutProgress[] = [];
    const cutout = await client({
      retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 },
      stallTimeoutMs: 300,
    }).removeBackground(jpeg, { onProgress: (p) => events.push(p) });
    expect(cutout).toMatchObject({ attempts: 6, width: 900 });
    const retries = events.filter((e) => e.phase === 'retrying');
    expect(retries.map((r) => r.error?.kind)).toEqual([
      'transient',
      'rate-limit',
      'network',
      'timeout',
      'transient',
    ]);
    expect(retries[1]!.retryInMs).toBe(50);
    expectProgressContract(events);
    // The expired result was paid for once; the re-post paid again: two successes.
    expect(fake.stats.successes).toBe(2);
  });

  it('retries that give up return the last error after maxAttempts', async () => {
    fake.script('transient', 'html-5xx', 'transient', 'transient');
    const error = await failure(
      client({ retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } }).removeBackground(jpeg),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 50000 });
    expect(fake.stats.requests).toBe(3);
  });

  it('cancelling a stalled call aborts it at once', async () => {
    fake.script('stall');
    const controller = new AbortController();
    const promise = client({ stallTimeoutMs: 60_000 }).removeBackground(jpeg, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'processing') setTimeout(() => controller.abort(), 20);
      },
    });
    expect(await failure(promise)).toMatchObject({ kind: 'aborted' });
  });
});
