import type { JobSource } from './jobTypes';
import { type OpenQueue, openQueue } from './openQueue';
import type { QueueTarget } from './queueConfig';

export interface StatusOptions extends QueueTarget {
  /** Failed jobs listed (newest first). Default 20. */
  failedLimit?: number;
  /** Throughput is measured over the jobs that ended in this last window. Default 60 000 ms. */
  windowMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface FailedJob {
  id: string;
  /** The file path or URL. */
  source: string;
  /** `kind/reason: message` of the last try. */
  reason: string;
  attempts: number;
  finishedOn: number | undefined;
}

export interface QueueStatus {
  queue: string;
  counts: {
    /** Ready to run (includes jobs held back by a pause). */
    waiting: number;
    active: number;
    /** Waiting for their next try (backoff). */
    delayed: number;
    done: number;
    skipped: number;
    failed: number;
    total: number;
  };
  paused: boolean;
  /** Why a worker paused the queue (402, auth), when one did. */
  pauseReason: string | undefined;
  /** Time left of a queue-wide pause after a 429, in ms (0: none). */
  rateLimitedMs: number;
  /** The plan concurrency set on the queue, if any. */
  globalConcurrency: number | undefined;
  /** Jobs ended (done, skipped or failed) per second, over the recent window. */
  throughput: number;
  /** Seconds until the jobs left are done at that pace; undefined when nothing moves. */
  etaS: number | undefined;
  failedJobs: FailedJob[];
}

/** What `cutout status` shows, read from Redis in a few calls (no scan over all jobs). */
export async function getQueueStatus(options: StatusOptions = {}): Promise<QueueStatus> {
  const q = openQueue(options);
  try {
    await q.ready();
    return await readStatus(q, options);
  } finally {
    await q.close();
  }
}

export async function readStatus(q: OpenQueue, options: StatusOptions = {}): Promise<QueueStatus> {
  const now = (options.now ?? Date.now)();
  const windowMs = options.windowMs ?? 60_000;
  const { keys } = q.queue;
  const [counts, skipped, pauseReason, limiter, limiterTtl, concurrency, recent, failedJobs] =
    await Promise.all([
      q.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'),
      q.redis.scard(q.keys.skipped),
      q.redis.get(q.keys.pauseReason),
      q.redis.get(keys.limiter!),
      q.redis.pttl(keys.limiter!),
      q.redis.hget(keys.meta!, 'concurrency'),
      endedSince(q, now - windowMs),
      q.queue.getFailed(0, (options.failedLimit ?? 20) - 1),
    ]);
  const paused = await q.queue.isPaused();
  const c = (name: string) => counts[name] ?? 0;
  const waiting = c('waiting') + c('prioritized');
  const completed = c('completed');
  const failed = c('failed');
  const left = waiting + c('active') + c('delayed');
  // Over a run younger than the window, measure from its first end, not the window's start.
  const spanMs =
    recent.count > 0 ? Math.max(1000, Math.min(windowMs, now - recent.first)) : windowMs;
  const throughput = recent.count / (spanMs / 1000);
  return {
    queue: q.name,
    counts: {
      waiting,
      active: c('active'),
      delayed: c('delayed'),
      done: Math.max(0, completed - skipped),
      skipped,
      failed,
      total: left + completed + failed,
    },
    paused,
    pauseReason: paused ? (pauseReason ?? undefined) : undefined,
    // Our 429 pause sets the limiter key far above any real count (worker.ts).
    rateLimitedMs: Number(limiter) >= 1_000_000_000 && limiterTtl > 0 ? limiterTtl : 0,
    globalConcurrency: concurrency === null ? undefined : Number(concurrency),
    throughput,
    etaS: left === 0 ? 0 : throughput > 0 && !paused ? left / throughput : undefined,
    failedJobs: failedJobs
      .filter((job) => job !== undefined)
      .map((job) => ({
        id: job.id ?? '',
        source: describeSource(job.data?.source),
        reason: job.failedReason ?? '',
        attempts: job.attemptsMade,
        finishedOn: job.finishedOn,
      })),
  };
}

/** Jobs that ended since `since` (completed and failed sets are scored by end time). */
async function endedSince(q: OpenQueue, since: number): Promise<{ count: number; first: number }> {
  const { completed, failed } = q.queue.keys;
  const [done, bad, firstDone, firstBad] = await Promise.all([
    q.redis.zcount(completed!, `(${since}`, '+inf'),
    q.redis.zcount(failed!, `(${since}`, '+inf'),
    q.redis.zrangebyscore(completed!, `(${since}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1),
    q.redis.zrangebyscore(failed!, `(${since}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1),
  ]);
  const firsts = [firstDone[1], firstBad[1]].filter((v) => v !== undefined).map(Number);
  return { count: done + bad, first: firsts.length > 0 ? Math.min(...firsts) : since };
}

function describeSource(source: JobSource | undefined): string {
  if (!source) return '?';
  return source.type === 'url' ? source.url : source.path;
}

/** Resumes a queue a worker paused (after a 402 or an auth error), and forgets why. */
export async function resumeQueue(target: QueueTarget = {}): Promise<void> {
  const q = openQueue(target);
  try {
    await q.ready();
    await q.queue.resume();
    await q.redis.del(q.keys.pauseReason);
  } finally {
    await q.close();
  }
}

/**
 * Puts every failed job back in wait (e.g. after fixing files or the key); returns how many.
 * Skipped and done jobs are left alone.
 */
export async function retryFailed(target: QueueTarget = {}): Promise<number> {
  const q = openQueue(target);
  try {
    await q.ready();
    const count = await q.queue.getFailedCount();
    await q.queue.retryJobs({ state: 'failed', count: 1000 });
    return count;
  } finally {
    await q.close();
  }
}

/** The human view of a status, as `cutout status` prints it. */
export function formatStatus(s: QueueStatus): string {
  const { counts: n } = s;
  const ended = n.done + n.skipped + n.failed;
  const pct = n.total > 0 ? ` (${((ended / n.total) * 100).toFixed(1)}%)` : '';
  const lines = [
    `queue ${s.queue}: ${ended}/${n.total} ended${pct}`,
    `  waiting ${n.waiting}  active ${n.active}  retrying ${n.delayed}  done ${n.done}  skipped ${n.skipped}  failed ${n.failed}`,
    `  throughput ${s.throughput.toFixed(1)} images/s  ETA ${formatEta(s.etaS)}` +
      (s.globalConcurrency !== undefined ? `  plan concurrency ${s.globalConcurrency}` : ''),
  ];
  if (s.paused) lines.push(`  PAUSED${s.pauseReason ? `: ${s.pauseReason}` : ''}`);
  if (s.rateLimitedMs > 0) {
    lines.push(
      `  rate-limited by the upstream: resuming in ${(s.rateLimitedMs / 1000).toFixed(1)} s`,
    );
  }
  if (s.failedJobs.length > 0) {
    const more =
      n.failed > s.failedJobs.length ? ` (newest ${s.failedJobs.length} of ${n.failed})` : '';
    lines.push(`failed${more}:`);
    for (const f of s.failedJobs) lines.push(`  ${f.source}  ${f.reason}`);
  }
  return lines.join('\n');
}

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '–';
  if (seconds === 0) return 'done';
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}
