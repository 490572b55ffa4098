import { makeTestImage } from '@cutout/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCutoutHandler } from '../createCutoutHandler';
import { keyOutEngine } from '../testing/keyOutEngine';
import { multipartRequest } from '../testing/requests';
import { createMemoryRateLimitStore } from './createMemoryRateLimitStore';
import { takeToken } from './RateLimitStore';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 480, height: 400 }));
});

describe('token bucket', () => {
  const policy = { capacity: 3, refillPerSecond: 1 };

  test('allows a burst of capacity, then refuses with the wait for one token', () => {
    let state: Parameters<typeof takeToken>[0];
    const results = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(state, policy, 1000);
      state = r.state;
      results.push(r.result);
    }
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]!.retryAfterMs).toBe(1000);
    expect(results[3]!.resetMs).toBe(3000);
  });

  test('refills with time, never above capacity', () => {
    const store = createMemoryRateLimitStore({ now: () => now });
    let now = 0;
    for (let i = 0; i < 3; i++) store.take('a', policy);
    expect((store.take('a', policy) as { allowed: boolean }).allowed).toBe(false);
    now = 1500;
    expect(store.take('a', policy)).toMatchObject({ allowed: true, remaining: 0 });
    now = 60_000;
    expect(store.take('a', policy)).toMatchObject({ allowed: true, remaining: 2 });
    // Another client has its own bucket.
    expect(store.take('b', policy)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe('rate limit in the handler', () => {
  test('429 in the upstream shape (42900) with Retry-After and RateLimit headers, per client', async () => {
    let now = 0;
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      rateLimit: {
        capacity: 2,
        refillPerSecond: 0.5,
        store: createMemoryRateLimitStore({ now: () => now }),
      },
    });
    const a = { clientAddress: '203.0.113.1' };
    const first = await handler(multipartRequest(jpeg), a);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await handler(multipartRequest(jpeg), a)).status).toBe(200);
    const refused = await handler(multipartRequest(jpeg), a);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe('4');
    expect(await refused.json()).toEqual({
      code: 42900,
      message: 'Too many requests: slow down and retry later.',
      data: null,
    });
    // Another client is not affected.
    expect((await handler(multipartRequest(jpeg), { clientAddress: '203.0.113.2' })).status).toBe(
      200,
    );
    now = 2000;
    expect((await handler(multipartRequest(jpeg), a)).status).toBe(200);
  });

  test('a failing store lets requests through by default, or refuses with onStoreError: deny', async () => {
    const broken = {
      take() {
        throw new Error('redis down');
      },
    };
    const open = createCutoutHandler({
      engine: keyOutEngine(),
      rateLimit: { capacity: 1, refillPerSecond: 1, store: broken },
    });
    expect((await open(multipartRequest(jpeg))).status).toBe(200);
    const closed = createCutoutHandler({
      engine: keyOutEngine(),
      rateLimit: { capacity: 1, refillPerSecond: 1, store: broken, onStoreError: 'deny' },
    });
    const res = await closed(multipartRequest(jpeg));
    expect(res.status).toBe(502);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  test('trustProxy keys clients by X-Forwarded-For', async () => {
    const handler = createCutoutHandler({
      engine: keyOutEngine(),
      rateLimit: { capacity: 1, refillPerSecond: 0.001, trustProxy: true },
    });
    const from = (ip: string) =>
      multipartRequest(jpeg, { headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    expect((await handler(from('198.51.100.1'))).status).toBe(200);
    expect((await handler(from('198.51.100.1'))).status).toBe(429);
    expect((await handler(from('198.51.100.2'))).status).toBe(200);
  });
});
