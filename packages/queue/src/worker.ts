import { hostname } from 'node:os';
import type { CutoutEngine, FetchImage } from '@cutout/core';
import { type Job, Worker } from 'bullmq';
import { cutoutBackoff } from './jobErrors';
import type { CutoutJobData, CutoutJobResult } from './jobTypes';
import { openQueue } from './openQueue';
import { directoryOutputStore, type OutputStore } from './outputStore';
import { DEFAULT_JOB_LIMITS, type JobContext, processJob } from './processJob';
import { connectionFor, type QueueTarget } from './queueConfig';

export interface WorkerOptions extends QueueTarget {
  /** Output directory, or any `OutputStore`. */
  out: string | OutputStore;
  engine: CutoutEngine;
  /**
   * Jobs this process runs at once. Default: the plan concurrency when given, else 8.
   * The global limit (below) still caps the sum over all workers.
   */
  concurrency?: number;
  /**
   * The plan's concurrency (`CUTOUT_PLAN_CONCURRENCY`): the most jobs active at once over
   * every worker of the queue, enforced by BullMQ in Redis (`setGlobalConcurrency`).
   */
  planConcurrency?: number;
  /** How long a job's lock lives without renewal; a killed worker's jobs are taken over after it. Default 30 000 ms. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (of dead workers). Default 15 000 ms. */
  stalledIntervalMs?: number;
  /** A job whose workers died this many times ends failed (a poison image). Default 3. */
  maxStalledCount?: number;
  /** On shutdown, how long active jobs may finish before they are cancelled and handed back. Default 30 000 ms. */
  shutdownGraceMs?: number;
  /** Smallest long edge sent to the engine; smaller images end skipped. Default 400. */
  minLongEdge?: number;
  fetchImage?: FetchImage;
  /** One event per job outcome and per queue-wide decision. */
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | {
      type: 'ready';
      queue: string;
      concurrency: number;
      planConcurrency?: number | undefined;
      engine: string;
      store: string;
    }
  | { type: 'done'; id: string; output: string; ms: number; reused: boolean }
  | { type: 'skipped'; id: string; reason: string }
  | { type: 'retry'; id: string; attempt: number; reason: string }
  | { type: 'failed'; id: string; reason: string }
  | { type: 'stalled'; id: string }
  | { type: 'rate-limited'; ms: number }
  | { type: 'paused'; reason: string }
  | { type: 'closing' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

export interface CutoutWorker {
  readonly worker: Worker<CutoutJobData, CutoutJobResult>;
  /** Graceful: lets active jobs finish (up to the grace period), hands back the rest. */
  close(): Promise<void>;
}

/**
 * A `cutout worker`: a BullMQ worker running `processJob`, any number of them on any
 * number of machines. What keeps a fleet correct lives in Redis, not in this process:
 * - the plan concurrency is BullMQ's global concurrency (active jobs ≤ the limit);
 * - a 429 sets the queue's rate-limit key: every worker stops fetching for that long;
 * - a dead worker's job lock expires and the stalled checker of any live worker puts the
 *   job back in wait (`maxStalledCount` bounds how often).
 * The in-process concurrency is BullMQ's own (`concurrency` slots, each holding a job lock),
 * not core's batch pool: slots must fetch, lock and renew jobs in Redis, and the fleet-wide
 * pause is the queue's rate-limit key, so a second, in-memory pool would only duplicate it.
 */
export async function startWorker(options: WorkerOptions): Promise<CutoutWorker> {
  const emit = options.onEvent ?? (() => {});
  const q = openQueue(options);
  const store = typeof options.out === 'string' ? directoryOutputStore(options.out) : options.out;
  // Fail fast and clearly at start; later outages are waited out (BullMQ reconnects).
  await q.ready().catch(async (error: unknown) => {
    await q.close();
    throw error;
  });
  if (options.planConcurrency !== undefined) {
    await q.queue.setGlobalConcurrency(options.planConcurrency);
  }
  // Leftovers of writes by workers killed mid-write; an hour is far beyond any write.
  await store.sweep?.(60 * 60 * 1000);
  let closing = false;

  const ctx: JobContext = {
    engine: options.engine,
    store,
    minLongEdge: options.minLongEdge ?? DEFAULT_JOB_LIMITS.minLongEdge,
    maxBytes: DEFAULT_JOB_LIMITS.maxBytes,
    maxPixels: DEFAULT_JOB_LIMITS.maxPixels,
    ...(options.fetchImage ? { fetchImage: options.fetchImage } : {}),
    async rateLimit(ms) {
      emit({ type: 'rate-limited', ms });
      await q.queue.rateLimit(ms);
    },
    async pauseQueue(reason) {
      emit({ type: 'paused', reason });
      await q.redis.set(q.keys.pauseReason, reason);
      await q.queue.pause();
    },
    async markSkipped(id) {
      await q.redis.sadd(q.keys.skipped, id);
    },
    isClosing: () => closing,
  };

  const concurrency = Math.max(1, options.concurrency ?? options.planConcurrency ?? 8);
  const worker = new Worker<CutoutJobData, CutoutJobResult>(
    q.name,
    (job, _token, signal) => processJob(job, signal ?? new AbortController().signal, ctx),
    {
      connection: connectionFor(q.redisUrl),
      // Stored on each job it takes (`processedBy`): who had a job when it stalled.
      name: `${hostname()}:${process.pid}`,
      concurrency,
      autorun: false,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 15_000,
      maxStalledCount: options.maxStalledCount ?? 3,
      // `queue.rateLimit()` only stops workers that run with a limiter: this one never
      // limits by itself (max is huge), it is there so a 429's pause applies to all.
      limiter: { max: 1_000_000_000, duration: 1000 },
      // Waiting out a rate limit is checked at least this often (BullMQ default 30 s).
      maximumRateLimitDelay: 5_000,
      settings: { backoffStrategy: cutoutBackoff },
    },
  );

  worker.on('completed', (job: Job<CutoutJobData, CutoutJobResult>, result: CutoutJobResult) => {
    if (result.status === 'done') {
      emit({
        type: 'done',
        id: job.id!,
        output: result.output,
        ms: result.ms,
        reused: result.reused,
      });
    } else {
      emit({
        type: 'skipped',
        id: job.id!,
        reason: `${result.kind}/${result.reason}: ${result.message}`,
      });
    }
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final =
      error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    emit(
      final
        ? { type: 'failed', id: job.id!, reason: error.message }
        : { type: 'retry', id: job.id!, attempt: job.attemptsMade, reason: error.message },
    );
  });
  // A job of a dead worker, put back in wait by this one's stalled check.
  worker.on('stalled', (id) => emit({ type: 'stalled', id }));
  // Without a listener, an 'error' event (e.g. Redis restarting) would crash the process.
  worker.on('error', (error) => emit({ type: 'error', message: error.message }));

  void worker.run().catch((error: Error) => emit({ type: 'error', message: error.message }));
  await worker.waitUntilReady();
  emit({
    type: 'ready',
    queue: q.name,
    concurrency,
    planConcurrency: options.planConcurrency,
    engine: options.engine.name,
    store: store.name,
  });

  let closed: Promise<void> | undefined;
  const grace = options.shutdownGraceMs ?? 30_000;
  return {
    worker,
    close() {
      closed ??= (async () => {
        closing = true;
        emit({ type: 'closing' });
        const done = worker.close();
        // Jobs still running after the grace period are cancelled; processJob sees the
        // abort while closing and hands them back to wait (no try used).
        const timer = setTimeout(() => worker.cancelAllJobs('shutdown'), grace);
        try {
          await done;
        } finally {
          clearTimeout(timer);
          await options.engine.close?.();
          await q.close();
          emit({ type: 'closed' });
        }
      })();
      return closed;
    },
  };
}
