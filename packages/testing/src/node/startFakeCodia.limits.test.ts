import { errorFromUpstream } from '@cutout/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTestImage } from './makeTestImage';
import { type FakeCodia, type FakeCodiaOptions, startFakeCodia } from './startFakeCodia';

let fake: FakeCodia | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeCodiaOptions = {}): Promise<FakeCodia> {
  fake = await startFakeCodia(options);
  return fake;
}

const MB = 1024 * 1024;

/**
 * A multipart upload generated lazily, chunk by chunk, with no Content-Length: `pulled()`
 * says how much of it the client really sent, i.e. how much the server let through.
 */
function streamedUpload(totalBytes: number) {
  const boundary = '----cutout-test-boundary';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024);
  chunk.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pulled = 0;
  let step = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (step === 0) {
        step = 1;
        controller.enqueue(head);
      } else if (pulled < totalBytes) {
        pulled += chunk.length;
        controller.enqueue(chunk);
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, pulled: () => pulled };
}

function send(f: FakeCodia, upload: ReturnType<typeof streamedUpload>) {
  return fetch(f.endpoint, {
    method: 'POST',
    body: upload.body,
    headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': upload.contentType },
    duplex: 'half',
  } as RequestInit);
}

async function post(f: FakeCodia, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.set('image', new Blob([bytes]));
  const response = await fetch(f.endpoint, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${f.apiKey}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { code: number },
  };
}

describe('credits', () => {
  it('answers 402 before reading the upload: a 40 MB upload is not consumed', async () => {
    const f = await start({ credits: 0 });
    const upload = streamedUpload(40 * MB);
    const response = await send(f, upload);
    expect(response.status).toBe(402);
    const body = await response.json();
    expect(body).toMatchObject({ code: 40200, data: null });
    expect(errorFromUpstream({ status: 402, body })?.kind).toBe('credits');
    // Only what the socket buffers hold (a few MB) ever left the client; the fake read none.
    expect(upload.pulled()).toBeLessThan(16 * MB);
    expect(f.stats.bytesReceived).toBe(0);
    expect(f.requests[0]).toMatchObject({ status: 402, code: 40200, bytes: 0 });
    // The fake is still up and answers the next call.
    expect((await fetch(`${f.url}/healthz`)).status).toBe(200);
  });

  it('spends one credit per success only, and never overspends under concurrency', async () => {
    const f = await start({ credits: 2 });
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    f.script('transient');
    expect((await post(f, jpeg)).status).toBe(500);
    expect(f.credits).toBe(2);
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(f, jpeg)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 402, 402]);
    expect(f.credits).toBe(0);
    f.setCredits(1);
    expect((await post(f, jpeg)).body.code).toBe(0);
    expect((await post(f, jpeg)).status).toBe(402);
    expect(f.stats.byCode).toMatchObject({ '0': 3, '40200': 3, '50000': 1 });
  });

  it('gives the credit back when the call fails on its input', async () => {
    const f = await start({ credits: 1 });
    expect((await post(f, new TextEncoder().encode('not an image'))).body.code).toBe(40002);
    expect(f.credits).toBe(1);
  });
});

describe('client going away', () => {
  it('ends the call when the client aborts mid-upload: credit back, fake still up', async () => {
    const f = await start({ credits: 1 });
    const upload = streamedUpload(40 * MB);
    const controller = new AbortController();
    const call = fetch(f.endpoint, {
      method: 'POST',
      body: upload.body,
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': upload.contentType },
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit).catch((error: unknown) => error);
    const tick = () => new Promise((r) => setImmediate(r));
    for (let i = 0; i < 20_000 && f.stats.bytesReceived < 1 * MB; i++) await tick();
    expect(f.stats.bytesReceived).toBeGreaterThanOrEqual(1 * MB);
    controller.abort();
    expect(await call).toMatchObject({ name: 'AbortError' });
    for (let i = 0; i < 20_000 && f.stats.inFlight > 0; i++) await tick();
    expect(f.stats.inFlight).toBe(0);
    expect(f.stats.byCode.aborted).toBe(1);
    expect(f.requests[0]).toMatchObject({ status: undefined, code: undefined });
    expect(f.credits).toBe(1);
    expect((await post(f, new TextEncoder().encode('x'))).body.code).toBe(40002);
  });
});

describe('rate limit', () => {
  it('answers 429 + 42900 + Retry-After past the limit, until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const f = await start({ rateLimit: { limit: 2, windowMs: 10_000 } });
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    expect((await post(f, jpeg)).status).toBe(200);
    vi.setSystemTime(new Date('2026-01-01T00:00:03.500Z'));
    expect((await post(f, jpeg)).status).toBe(200);
    const limited = await post(f, jpeg);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(42900);
    expect(limited.headers.get('retry-after')).toBe('7');
    const error = errorFromUpstream({
      status: 429,
      body: limited.body,
      retryAfter: limited.headers.get('retry-after'),
    });
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 7000 });
    vi.setSystemTime(new Date('2026-01-01T00:00:10Z'));
    expect((await post(f, jpeg)).status).toBe(200);
    expect(f.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
  });

  it('uses a fixed Retry-After when given, and refuses before reading the upload', async () => {
    const f = await start({ rateLimit: { limit: 0, windowMs: 60_000, retryAfterS: 3 } });
    const upload = streamedUpload(40 * MB);
    const response = await send(f, upload);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(upload.pulled()).toBeLessThan(16 * MB);
    expect(f.stats.bytesReceived).toBe(0);
  });
});

describe('size limit', () => {
  it('stops reading a streamed upload as soon as it passes maxBytes (40003)', async () => {
    const f = await start({ maxBytes: 1 * MB });
    const upload = streamedUpload(40 * MB);
    const response = await send(f, upload);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 40003 });
    expect(f.stats.bytesReceived).toBeGreaterThan(1 * MB);
    expect(f.stats.bytesReceived).toBeLessThan(4 * MB);
    expect(upload.pulled()).toBeLessThan(16 * MB);
  });

  it('refuses unread when Content-Length already says too large', async () => {
    const f = await start({ maxBytes: 100_000 });
    const answer = await post(f, new Uint8Array(2 * MB));
    expect(answer).toMatchObject({ status: 413, body: { code: 40003 } });
    expect(f.stats.bytesReceived).toBe(0);
  });
});
