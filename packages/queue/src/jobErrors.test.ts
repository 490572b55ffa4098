import { CutoutError } from '@cutout/core';
import { describe, expect, it } from 'vitest';
import { cutoutBackoff, describeError, RetryableJobError } from './jobErrors';

describe('cutoutBackoff', () => {
  const job = { opts: { backoff: { delay: 1000 } } };

  it("waits the server's Retry-After when it gave one", () => {
    expect(cutoutBackoff(1, 'cutout', new RetryableJobError('x', 2500), job)).toBe(2500);
  });

  it('else full-jitter exponential from the job delay, capped at a minute', () => {
    for (let i = 0; i < 50; i++) {
      const first = cutoutBackoff(1, 'cutout', new Error('x'), job);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(1000);
      expect(cutoutBackoff(3, 'cutout', new Error('x'), job)).toBeLessThan(4000);
      expect(cutoutBackoff(30, 'cutout', new Error('x'), job)).toBeLessThan(60_000);
    }
  });
});

describe('describeError', () => {
  it('reads kind/reason: message', () => {
    const e = new CutoutError('preflight', 'Too small.', { reason: 'too-small' });
    expect(describeError(e)).toBe('preflight/too-small: Too small.');
    expect(describeError(new CutoutError('transient', 'Boom.'))).toBe('transient: Boom.');
  });
});
