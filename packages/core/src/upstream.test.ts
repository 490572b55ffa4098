import { describe, expect, it } from 'vitest';
import { errorFromUpstream, parseRetryAfter, upstreamAnswerFor } from './upstream';

describe('errorFromUpstream (the DESIGN table)', () => {
  it.each([
    [200, { code: 0 }, undefined],
    [400, { code: 40001 }, { kind: 'input', reason: 'missing-url', retryable: false }],
    [400, { code: 40002 }, { kind: 'input', reason: 'unsupported-format' }],
    [413, { code: 40003 }, { kind: 'input', reason: 'too-large' }],
    [404, undefined, { kind: 'input', reason: 'rejected' }],
    [402, { code: 40200 }, { kind: 'credits', retryable: false }],
    [401, undefined, { kind: 'auth', reason: 'unauthorized' }],
    [403, { code: 0 }, { kind: 'auth', reason: 'forbidden' }],
    [429, undefined, { kind: 'rate-limit', retryable: true }],
    [200, { code: 42900 }, { kind: 'rate-limit' }],
    [500, { code: 50000 }, { kind: 'transient', retryable: true }],
    [200, { code: 50000 }, { kind: 'transient', code: 50000 }],
    [503, undefined, { kind: 'transient', status: 503 }],
    [200, undefined, { kind: 'transient', reason: 'bad-response' }],
    [200, { code: 12345 }, { kind: 'transient', reason: 'unknown-code' }],
  ] as const)('HTTP %i %o → %o', (status, body, expected) => {
    const error = errorFromUpstream({ status, body });
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toMatchObject(expected);
  });

  it('carries Retry-After into retryAfterMs', () => {
    expect(errorFromUpstream({ status: 429, retryAfter: '2' })?.retryAfterMs).toBe(2000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds, fractions included', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 0.25 ')).toBe(250);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('Tue, 24 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('upstreamAnswerFor', () => {
  it('maps kinds back to the contract', () => {
    expect(upstreamAnswerFor({ kind: 'rate-limit', reason: undefined, code: undefined })).toEqual({
      status: 429,
      code: 42900,
    });
    expect(upstreamAnswerFor({ kind: 'preflight', reason: 'too-large', code: undefined })).toEqual({
      status: 413,
      code: 40003,
    });
    expect(upstreamAnswerFor({ kind: 'credits', reason: undefined, code: undefined }).status).toBe(
      402,
    );
  });
});
