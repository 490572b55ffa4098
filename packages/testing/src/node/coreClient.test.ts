import { createCutoutClient, isCutoutError } from '@cutout/core';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestImage } from './makeTestImage';
import { type FakeCodia, type FakeCodiaOptions, startFakeCodia } from './startFakeCodia';

let fake: FakeCodia | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function clientFor(options: FakeCodiaOptions = {}) {
  fake = await startFakeCodia({ retryAfterS: 0, ...options });
  const client = createCutoutClient({
    endpoint: fake.url,
    headers: { authorization: `Bearer ${fake.apiKey}` },
    fetch: globalThis.fetch,
    retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 20_000 },
  });
  return { fake, client };
}

const photo = await makeTestImage({ width: 640, height: 480 });

/** The contract as @cutout/core reads it: the fake and the client must agree. */
describe('@cutout/core client against the fake', () => {
  it('gets a cutout through transient faults, retrying each', async () => {
    const { fake, client } = await clientFor();
    fake.script('transient', 'html-5xx', 'reset', 'bad-json', 'expired-result', 'rate-limit');
    const cutout = await client.removeBackground(photo);
    expect(cutout.attempts).toBe(7);
    expect([cutout.width, cutout.height]).toEqual([640, 480]);
    const meta = await sharp(Buffer.from(await cutout.blob.arrayBuffer())).metadata();
    expect([meta.format, meta.channels]).toEqual(['png', 4]);
  });

  it('fails fast on 402 and on input errors', async () => {
    const { fake, client } = await clientFor({ credits: 0 });
    const error = await client.removeBackground(photo).catch((e: unknown) => e);
    expect(isCutoutError(error) && error.kind).toBe('credits');
    fake.setCredits(10);
    fake.script('unsupported-format');
    const input = await client.removeBackground(photo).catch((e: unknown) => e);
    expect(isCutoutError(input) && [input.kind, input.code]).toEqual(['input', 40002]);
    expect(fake.stats.requests).toBe(2);
  });

  it('runs a batch with random faults and loses nothing', async () => {
    const { fake, client } = await clientFor({
      faults: { rate: 0.3, kinds: ['transient', 'http-503', 'reset', 'rate-limit'], seed: 11 },
    });
    const items = Array.from({ length: 16 }, () => photo);
    const results = await client.runBatch(items, { concurrency: 4 });
    expect(results.map((r) => r.status)).toEqual(items.map(() => 'done'));
    expect(fake.stats.successes).toBe(16);
    expect(fake.stats.requests).toBeGreaterThan(16);
    expect(fake.stats.maxConcurrent).toBeLessThanOrEqual(4);
  });
});
