import { describe, expect, it } from 'vitest';
import { formatStatus, type QueueStatus } from './status';

const base: QueueStatus = {
  queue: 'cutout',
  counts: { waiting: 700, active: 32, delayed: 3, done: 250, skipped: 10, failed: 5, total: 1000 },
  paused: false,
  pauseReason: undefined,
  rateLimitedMs: 0,
  globalConcurrency: 32,
  throughput: 50,
  etaS: 14.7,
  failedJobs: [
    {
      id: 'img-1',
      source: '/data/a.jpg',
      reason: 'preflight/unsupported-format: Only JPEG…',
      attempts: 1,
      finishedOn: 1,
    },
  ],
};

describe('formatStatus', () => {
  it('shows counts, progress, throughput, ETA, the plan and each failure with its reason', () => {
    expect(formatStatus(base)).toBe(
      [
        'queue cutout: 265/1000 ended (26.5%)',
        '  waiting 700  active 32  retrying 3  done 250  skipped 10  failed 5',
        '  throughput 50.0 images/s  ETA 15s  plan concurrency 32',
        'failed (newest 1 of 5):',
        '  /data/a.jpg  preflight/unsupported-format: Only JPEG…',
      ].join('\n'),
    );
  });

  it('says why the queue is paused and how long a rate limit lasts', () => {
    const text = formatStatus({
      ...base,
      paused: true,
      pauseReason: 'credits/out-of-credits: Out of credits.',
      rateLimitedMs: 1200,
      etaS: undefined,
      failedJobs: [],
      counts: { ...base.counts, failed: 0 },
    });
    expect(text).toContain('ETA –');
    expect(text).toContain('  PAUSED: credits/out-of-credits: Out of credits.');
    expect(text).toContain('rate-limited by the upstream: resuming in 1.2 s');
    expect(text).not.toContain('failed (');
  });
});
