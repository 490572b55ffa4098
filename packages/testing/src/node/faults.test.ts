import { errorFromUpstream } from '@cutout/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../contract/faultKinds';
import { makeTestImage } from './makeTestImage';
import { type FakeCodia, type FakeCodiaOptions, startFakeCodia } from './startFakeCodia';

const fakes: FakeCodia[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function start(options: FakeCodiaOptions = {}): Promise<FakeCodia> {
  const f = await startFakeCodia(options);
  fakes.push(f);
  return f;
}

const jpeg = await makeTestImage({ width: 64, height: 48 });

function call(f: FakeCodia, signal?: AbortSignal) {
  const form = new FormData();
  form.set('image', new Blob([jpeg]));
  return fetch(f.endpoint, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${f.apiKey}` },
    ...(signal ? { signal } : {}),
  });
}

async function outcome(f: FakeCodia) {
  try {
    const response = await call(f);
    const text = await response.text();
    let body: { code?: number } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  } catch (error) {
    return { error: error as Error };
  }
}

describe('scripted faults', () => {
  it.each<[FaultKind, number, number | undefined, string]>([
    ['transient', 500, 50000, 'transient'],
    ['http-503', 503, 50000, 'transient'],
    ['rate-limit', 429, 42900, 'rate-limit'],
    ['credits', 402, 40200, 'credits'],
    ['auth', 401, 40100, 'auth'],
    ['missing-url', 400, 40001, 'input'],
    ['unsupported-format', 400, 40002, 'input'],
    ['too-large', 413, 40003, 'input'],
  ])('%s answers HTTP %i with code %s', async (kind, status, code, errorKind) => {
    const f = await start();
    f.script(kind);
    const answer = await outcome(f);
    expect(answer).toMatchObject({ status, body: { code, data: null } });
    if (kind === 'rate-limit' || kind === 'http-503') {
      expect(answer.headers?.get('retry-after')).toBe('1');
    }
    expect(errorFromUpstream({ status: answer.status!, body: answer.body })?.kind).toBe(errorKind);
    expect(f.requests[0]).toMatchObject({ fault: kind, status, code });
    expect(f.stats.successes).toBe(0);
    expect((await outcome(f)).status).toBe(200); // the script is spent
  });

  it('html-5xx answers a 502 HTML page, which clients must not parse as the contract', async () => {
    const f = await start();
    f.script('html-5xx');
    const answer = await outcome(f);
    expect(answer.status).toBe(502);
    expect(answer.headers?.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('502 Bad Gateway');
    expect(answer.body).toBeUndefined();
    expect(errorFromUpstream({ status: 502 })?.kind).toBe('transient');
    expect(f.stats.byCode['html-5xx']).toBe(1);
  });

  it('bad-json answers HTTP 200 with a cut-off JSON body', async () => {
    const f = await start();
    f.script('bad-json');
    const answer = await outcome(f);
    expect(answer.status).toBe(200);
    expect(answer.headers?.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toBeUndefined();
    expect(f.stats.byCode['bad-json']).toBe(1);
  });

  it('reset drops the connection mid-upload', async () => {
    const f = await start();
    f.script('reset');
    const answer = await outcome(f);
    expect(answer.error).toBeInstanceOf(TypeError);
    expect(f.requests[0]).toMatchObject({ fault: 'reset', status: undefined });
    expect(f.requests[0]!.bytes).toBeGreaterThan(0);
    expect(f.stats.byCode.reset).toBe(1);
    expect((await outcome(f)).status).toBe(200);
  });

  it('network-error drops the connection before reading anything', async () => {
    const f = await start();
    f.script('network-error');
    expect((await outcome(f)).error).toBeInstanceOf(TypeError);
    expect(f.requests[0]).toMatchObject({ fault: 'network-error', bytes: 0 });
  });

  it('stall never answers, until the client gives up', async () => {
    const f = await start();
    f.script('stall');
    const controller = new AbortController();
    const pending = call(f, controller.signal).catch((error: unknown) => error);
    for (let i = 0; i < 5000 && f.stats.bytesReceived < jpeg.length; i++) {
      await new Promise((r) => setImmediate(r));
    }
    expect(f.stats.inFlight).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    for (let i = 0; i < 5000 && f.stats.inFlight > 0; i++)
      await new Promise((r) => setImmediate(r));
    expect(f.requests[0]).toMatchObject({ fault: 'stall', status: undefined });
  });

  it('expired-result succeeds (and costs a credit) but its URL is already gone', async () => {
    const f = await start({ credits: 3 });
    f.script('expired-result');
    const answer = await outcome(f);
    const body = answer.body as { code: number; data: { image_url: string } };
    expect(body.code).toBe(0);
    expect((await fetch(body.data.image_url)).status).toBe(410);
    expect(f.credits).toBe(2);
  });

  it('slow-drip sends the success a few bytes at a time', async () => {
    const f = await start({ dripIntervalMs: 1 });
    f.script('slow-drip');
    const response = await call(f);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(3);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(body.code).toBe(0);
    expect((await fetch(body.data.image_url)).status).toBe(200);
  });

  it('runs a script in order, then behaves normally', async () => {
    const f = await start();
    f.script('transient', 'rate-limit');
    f.script('html-5xx');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await outcome(f)).status);
    expect(statuses).toEqual([500, 429, 502, 200]);
    expect(f.requests.map((r) => r.fault)).toEqual([
      'transient',
      'rate-limit',
      'html-5xx',
      undefined,
    ]);
  });
});

describe('random faults', () => {
  it('fails about `rate` of the calls, the same ones for the same seed', async () => {
    const options = {
      faults: { rate: 0.4, kinds: ['transient', 'http-503'] as FaultKind[], seed: 7 },
    };
    const a = await start(options);
    const b = await start(options);
    const run = async (f: FakeCodia) => {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await outcome(f)).status!);
      return statuses;
    };
    const first = await run(a);
    expect(await run(b)).toEqual(first);
    const failed = first.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed.length).toBeLessThanOrEqual(20);
    expect(new Set(failed)).toEqual(new Set([500, 503]));
    a.reset();
    expect(await run(a)).toEqual(first);
  });

  it('rejects impossible fault options', async () => {
    await expect(startFakeCodia({ faults: { rate: 2, kinds: ['transient'] } })).rejects.toThrow(
      RangeError,
    );
    await expect(startFakeCodia({ faults: { rate: 0.5, kinds: [] } })).rejects.toThrow(RangeError);
  });
});
