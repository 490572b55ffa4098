import { type BatchItemResult, type CutoutProgress, createCutoutClient } from '@cutout/core';
import { makeTestImage, startFakeCodia } from '@cutout/testing';
import { describe, expect, it } from 'vitest';

/** runBatch against the fake upstream over loopback, with injected faults. */
describe('runBatch ↔ fake Codia', () => {
  it('a batch of 50 with 20% transient faults: every item accounted for, retries in budget', async () => {
    const fake = await startFakeCodia({
      latencyMs: 5,
      faults: { rate: 0.2, kinds: ['transient'], seed: 7 },
    });
    try {
      // Distinct sizes so each result can be matched to its input; items 10 and 40 are too small.
      const inputs = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          makeTestImage({
            width: i === 10 || i === 40 ? 300 : 400 + i,
            height: 300,
            format: i % 3 === 0 ? 'png' : 'jpeg',
          }),
        ),
      );
      const maxAttempts = 5;
      const client = createCutoutClient({
        endpoint: fake.url,
        headers: { Authorization: `Bearer ${fake.apiKey}` },
        retry: { maxAttempts, baseDelayMs: 5, maxDelayMs: 20 },
      });
      const ended = new Map<number, BatchItemResult<Buffer>>();
      let duplicates = 0;
      const retries: Array<[number, CutoutProgress]> = [];
      const results = await client.runBatch(inputs, {
        concurrency: 8,
        onItem: (r) => {
          if (ended.has(r.index)) duplicates++;
          ended.set(r.index, r);
        },
        onProgress: (index, p) => {
          if (p.phase === 'retrying') retries.push([index, p]);
        },
      });

      expect(results).toHaveLength(50);
      expect(duplicates).toBe(0);
      expect(ended.size).toBe(50);
      results.forEach((r, i) => {
        expect(r.index).toBe(i);
        expect(r.input).toBe(inputs[i]);
      });
      expect(results[10]).toMatchObject({
        status: 'skipped',
        error: { kind: 'preflight', reason: 'too-small' },
      });
      expect(results[40]!.status).toBe('skipped');
      const done = results.filter((r) => r.status === 'done');
      expect(done).toHaveLength(48);
      for (const r of done) {
        expect(r.cutout!.width).toBe(400 + r.index);
        expect(r.cutout!.attempts).toBeLessThanOrEqual(maxAttempts);
      }

      // Faults really happened, and were retried, within the budget.
      expect(fake.stats.byCode['50000']).toBeGreaterThan(0);
      expect(retries.length).toBe(fake.stats.byCode['50000']);
      expect(retries.every(([, p]) => p.error?.kind === 'transient' && p.retryInMs! <= 20)).toBe(
        true,
      );
      expect(fake.stats.requests).toBe(48 + retries.length);
      expect(fake.stats.requests).toBeLessThanOrEqual(48 * maxAttempts);
      expect(fake.stats.successes).toBe(48);
      expect(fake.stats.maxConcurrent).toBeLessThanOrEqual(8);
    } finally {
      await fake.close();
    }
  });

  it('rate limits: the pool waits and every item still ends done', async () => {
    // 6 calls per 300 ms window, Retry-After 0.3 s.
    const fake = await startFakeCodia({ rateLimit: { limit: 6, windowMs: 300, retryAfterS: 0.3 } });
    try {
      const image = await makeTestImage({ width: 640, height: 480 });
      const client = createCutoutClient({
        endpoint: fake.url,
        headers: { Authorization: `Bearer ${fake.apiKey}` },
        retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 20 },
      });
      const results = await client.runBatch(
        Array.from({ length: 18 }, () => image),
        { concurrency: 6 },
      );
      expect(results.map((r) => r.status)).toEqual(Array(18).fill('done'));
      expect(fake.stats.byCode['42900']).toBeGreaterThan(0);
      expect(fake.stats.successes).toBe(18);
    } finally {
      await fake.close();
    }
  });

  it('aborting mid-batch ends the rest as failed/aborted and loses nothing', async () => {
    const fake = await startFakeCodia({ latencyMs: 200 });
    try {
      const image = await makeTestImage({ width: 640, height: 480 });
      const client = createCutoutClient({
        endpoint: fake.url,
        headers: { Authorization: `Bearer ${fake.apiKey}` },
      });
      const controller = new AbortController();
      let count = 0;
      const results = await client.runBatch(
        Array.from({ length: 12 }, () => image),
        {
          concurrency: 3,
          signal: controller.signal,
          onItem: () => {
            if (++count === 3) controller.abort();
          },
        },
      );
      expect(results).toHaveLength(12);
      expect(results.filter((r) => r.status === 'done').length).toBeGreaterThanOrEqual(3);
      const failed = results.filter((r) => r.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((r) => r.error?.kind === 'aborted')).toBe(true);
      expect(results.filter((r) => r.status === 'done').length + failed.length).toBe(12);
      expect(fake.stats.requests).toBeLessThan(12);
    } finally {
      await fake.close();
    }
  });
});
