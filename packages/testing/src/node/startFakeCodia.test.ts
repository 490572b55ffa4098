import { errorFromUpstream, UpstreamCode } from '@cutout/core';
import sharp from 'sharp';
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

function upload(f: FakeCodia, bytes: Uint8Array<ArrayBuffer>, field = 'image', key = f.apiKey) {
  const form = new FormData();
  form.set(field, new Blob([bytes]), 'photo.bin');
  return fetch(f.endpoint, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${key}` },
  });
}

function byUrl(f: FakeCodia, imageUrl: unknown, key = f.apiKey) {
  return fetch(f.endpoint, {
    method: 'POST',
    body: JSON.stringify({ image_url: imageUrl }),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
}

async function contract(response: Response) {
  const body = (await response.json()) as {
    code: number;
    message: string;
    data: { image_url: string } | null;
  };
  return { status: response.status, ...body };
}

describe('startFakeCodia', () => {
  it('listens on 127.0.0.1 and reports its endpoint', async () => {
    const f = await start();
    expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(f.endpoint).toBe(`${f.url}/v1/open/remove_bg`);
    expect(f.apiKey).toBe('test-key');
    expect((await fetch(`${f.url}/healthz`)).status).toBe(200);
  });

  it('removes the background of a multipart upload and serves the PNG itself', async () => {
    const f = await start();
    const jpeg = await makeTestImage({ width: 480, height: 360, format: 'jpeg' });
    const answer = await contract(await upload(f, jpeg));
    expect(answer).toMatchObject({ status: 200, code: 0, message: 'ok' });
    expect(answer.data?.image_url).toMatch(new RegExp(`^${f.url}/results/[\\w-]+\\.png$`));

    const result = await fetch(answer.data!.image_url);
    expect(result.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await result.arrayBuffer());
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([480, 360, 4]);
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(479, 359)).toBe(0);
    expect(alpha(240, 180)).toBe(255);
    expect(f.stats).toMatchObject({ requests: 1, successes: 1, resultsServed: 1, inFlight: 0 });
    expect(f.stats.bytesReceived).toBeGreaterThan(jpeg.length);
    expect(f.requests[0]).toMatchObject({ mode: 'multipart', status: 200, code: 0 });
  });

  it('accepts the file under the "file" alias', async () => {
    const f = await start();
    const webp = await makeTestImage({ width: 200, height: 100, format: 'webp' });
    expect(await contract(await upload(f, webp, 'file'))).toMatchObject({ code: 0 });
  });

  it('downloads image_url itself in JSON mode', async () => {
    const f = await start();
    const png = await makeTestImage({ width: 300, height: 200, format: 'png' });
    const answer = await contract(await byUrl(f, f.hostFile(png, 'image/png')));
    expect(answer.code).toBe(0);
    const meta = await sharp(
      Buffer.from(await (await fetch(answer.data!.image_url)).arrayBuffer()),
    ).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([300, 200, 4]);
    expect(f.requests[0]?.mode).toBe('json');
  });

  it('answers 401 without a valid Bearer key, and never echoes the key', async () => {
    const f = await start({ apiKey: 'sk-very-secret-42' });
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    for (const key of ['wrong', '', 'sk-very-secret-4']) {
      const response = await upload(f, jpeg, 'image', key);
      const text = await response.text();
      expect(response.status).toBe(401);
      expect(JSON.parse(text)).toMatchObject({ code: 40100, data: null });
      expect(text + JSON.stringify([...response.headers])).not.toContain('secret');
    }
    const noHeader = await fetch(f.endpoint, { method: 'POST', body: new FormData() });
    expect(noHeader.status).toBe(401);
    expect(errorFromUpstream({ status: 401, body: await noHeader.json() })?.kind).toBe('auth');
    expect(f.stats.successes).toBe(0);
    expect(f.stats.byCode['40100']).toBe(4);
  });

  it('answers 40001 when the image or image_url is missing or unreachable', async () => {
    const f = await start();
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    const cases: Array<[string, Promise<Response>]> = [
      ['no image_url', byUrl(f, undefined)],
      ['empty image_url', byUrl(f, '')],
      ['not a URL', byUrl(f, 'not a url')],
      ['not http', byUrl(f, 'file:///etc/passwd')],
      ['404', byUrl(f, `${f.url}/files/999`)],
      ['closed port', byUrl(f, 'http://127.0.0.1:1/x.jpg')],
      ['wrong field', upload(f, jpeg, 'photo')],
      [
        'bad JSON',
        fetch(f.endpoint, {
          method: 'POST',
          body: '{"image_url":',
          headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
        }),
      ],
      [
        'neither mode',
        fetch(f.endpoint, {
          method: 'POST',
          body: jpeg,
          headers: { authorization: 'Bearer test-key', 'content-type': 'image/jpeg' },
        }),
      ],
    ];
    for (const [name, call] of cases) {
      const answer = await contract(await call);
      expect({ name, status: answer.status, code: answer.code }).toEqual({
        name,
        status: 400,
        code: 40001,
      });
      expect(answer.message).not.toBe('');
      expect(errorFromUpstream({ status: answer.status, body: answer })).toMatchObject({
        kind: 'input',
        reason: 'missing-url',
      });
    }
    expect(f.stats.byCode['40001']).toBe(cases.length);
  });

  it('answers 40002 for bytes that are not JPEG, PNG or WEBP, by magic bytes', async () => {
    const f = await start();
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const text = Buffer.from('just some text, named photo.jpg');
    const fakePng = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    for (const bytes of [gif, text, fakePng]) {
      expect(await contract(await upload(f, bytes))).toMatchObject({ status: 400, code: 40002 });
    }
    expect(await contract(await byUrl(f, f.hostFile(text, 'image/jpeg')))).toMatchObject({
      code: UpstreamCode.unsupportedFormat,
    });
  });

  it('answers 40003 for an image over maxBytes, in both modes', async () => {
    const f = await start({ maxBytes: 50_000 });
    const big = await makeTestImage({ width: 900, height: 900, format: 'png', texture: 'noise' });
    expect(big.length).toBeGreaterThan(50_000);
    expect(await contract(await upload(f, big))).toMatchObject({ status: 413, code: 40003 });
    expect(await contract(await byUrl(f, f.hostFile(big)))).toMatchObject({
      status: 413,
      code: 40003,
    });
    const small = await makeTestImage({ width: 100, height: 100 });
    expect(await contract(await upload(f, small))).toMatchObject({ code: 0 });
  });

  it('can answer body-code errors with HTTP 200, as the upstream sometimes does', async () => {
    const f = await start({ errorsAsHttp200: true });
    const answer = await contract(await upload(f, Buffer.from('not an image')));
    expect(answer).toMatchObject({ status: 200, code: 40002 });
    expect(errorFromUpstream({ status: 200, body: answer })?.kind).toBe('input');
  });

  it('expires result URLs after resultTtlMs (410), unknown ones are 404', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const f = await start({ resultTtlMs: 30_000 });
    const answer = await contract(await upload(f, await makeTestImage({ width: 80, height: 60 })));
    const url = answer.data!.image_url;
    vi.setSystemTime(new Date('2026-01-01T00:00:29.999Z'));
    expect((await fetch(url)).status).toBe(200);
    vi.setSystemTime(new Date('2026-01-01T00:00:30Z'));
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect((await fetch(`${f.url}/results/nope.png`)).status).toBe(404);
    expect(f.stats.resultsServed).toBe(1);
  });

  it('waits latencyMs of processing before answering', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const f = await start({ latencyMs: 600 });
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    let answered = false;
    const call = upload(f, jpeg).then((r) => {
      answered = true;
      return r;
    });
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    // The upload is read, then processing waits on a (fake) timer of latencyMs.
    const processing = () => setTimeoutSpy.mock.calls.some((args) => args[1] === 600);
    for (let i = 0; i < 10_000 && !processing(); i++) await tick();
    expect(processing()).toBe(true);
    expect(f.stats.bytesReceived).toBeGreaterThan(jpeg.length);
    await vi.advanceTimersByTimeAsync(599);
    for (let i = 0; i < 50; i++) await tick();
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 10_000 && !answered; i++) await tick();
    expect(answered).toBe(true);
    expect((await call).status).toBe(200);
  });

  it('counts concurrent calls, and reset() starts over', async () => {
    const f = await start({ credits: 5 });
    f.script('stall', 'stall', 'stall');
    const controller = new AbortController();
    const jpeg = await makeTestImage({ width: 64, height: 64 });
    const calls = [0, 1, 2].map(() =>
      fetch(f.endpoint, {
        method: 'POST',
        body: (() => {
          const form = new FormData();
          form.set('image', new Blob([jpeg]));
          return form;
        })(),
        headers: { authorization: 'Bearer test-key' },
        signal: controller.signal,
      }).catch((e: unknown) => e),
    );
    for (let i = 0; i < 2000 && f.stats.inFlight < 3; i++)
      await new Promise((r) => setImmediate(r));
    expect(f.stats).toMatchObject({ inFlight: 3, maxConcurrent: 3, requests: 3 });
    controller.abort();
    await Promise.all(calls);
    for (let i = 0; i < 2000 && f.stats.inFlight > 0; i++)
      await new Promise((r) => setImmediate(r));
    expect(f.stats.inFlight).toBe(0);
    expect(f.requests.map((r) => r.fault)).toEqual(['stall', 'stall', 'stall']);
    expect(f.stats.byCode.stall).toBe(3);
    expect(f.credits).toBe(5);

    expect(await contract(await upload(f, jpeg))).toMatchObject({ code: 0 });
    expect(f.credits).toBe(4);
    f.reset();
    expect(f.stats).toMatchObject({
      requests: 0,
      successes: 0,
      maxConcurrent: 0,
      bytesReceived: 0,
      byCode: {},
    });
    expect(f.requests).toHaveLength(0);
    expect(f.credits).toBe(5);
  });

  it('close() ends a stalled call at once instead of hanging', async () => {
    const f = await start();
    f.script('stall');
    const call = upload(f, await makeTestImage({ width: 64, height: 64 })).then(
      () => 'answered',
      () => 'failed',
    );
    for (let i = 0; i < 2000 && f.stats.inFlight < 1; i++)
      await new Promise((r) => setImmediate(r));
    await f.close();
    expect(await call).toBe('failed');
  });
});
