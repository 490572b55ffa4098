import { parseArgs } from 'node:util';
import { isCutoutError } from '@cutout/core';
import type { OutputOptions } from '@cutout/core/output';
import { createSafeFetch } from '@cutout/proxy/node';
import {
  enqueue,
  formatStatus,
  getQueueStatus,
  resumeQueue,
  retryFailed,
  startWorker,
  type WorkerEvent,
} from '@cutout/queue';
import { engineFromEnv } from './engineFromEnv';
import { OUTPUT_FLAGS, readOutputFlags } from './outputFlags';
import { redactor } from './resolveEngine';

/** Where a command writes, and what it reads from the environment (tests pass their own). */
export interface CommandIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Ends `cutout worker` and `cutout status --watch` (instead of a signal). */
  signal?: AbortSignal;
}

export const QUEUE_USAGE = `Catalog scale (BullMQ on Redis; REDIS_URL, default redis://127.0.0.1:6379):
  cutout enqueue <files|dirs|urls|manifest.csv…> [--queue NAME] [--attempts N] [--backoff-ms MS]
      [output flags, as for remove: stored with each job, composed by the worker]
  cutout worker [--queue NAME] [--out DIR] [--concurrency N] [--json]
  cutout status [--queue NAME] [--watch] [--interval MS] [--failed N] [--resume] [--retry-failed] [--json]
Env: CUTOUT_PLAN_CONCURRENCY (the plan's limit over all workers), CODIA_API_KEY,
  CODIA_BASE_URL, CUTOUT_ENGINE=codia|onnx.`;

function resolveIo(io: CommandIo) {
  return {
    out: io.stdout ?? ((t: string) => void process.stdout.write(t)),
    err: io.stderr ?? ((t: string) => void process.stderr.write(t)),
    env: io.env ?? process.env,
  };
}

function intOption(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}.`);
  return n;
}

class UsageError extends Error {}

/** Runs a command body, turning usage and setup errors into a message and an exit code. */
async function guarded(io: CommandIo, body: () => Promise<number>): Promise<number> {
  const { err } = resolveIo(io);
  try {
    return await body();
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      err(`${(error as Error).message}\n\n${QUEUE_USAGE}\n`);
      return 2;
    }
    err(
      `error: ${isCutoutError(error) ? `${error.kind}: ${error.message}` : (error as Error).message}\n`,
    );
    return 1;
  }
}

/** `cutout enqueue`: exit 0 when everything named was enqueued (or already was), 1 when some input was unusable. */
export function runEnqueue(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return guarded(io, async () => {
    const { out, err, env } = resolveIo(io);
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        queue: { type: 'string' },
        attempts: { type: 'string' },
        'backoff-ms': { type: 'string' },
        json: { type: 'boolean' },
        ...OUTPUT_FLAGS,
      },
    });
    if (positionals.length === 0)
      throw new UsageError('cutout enqueue needs at least one file, folder, URL or manifest.');
    let output: OutputOptions | undefined;
    try {
      output = readOutputFlags(values).options;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const report = await enqueue({
      inputs: positionals,
      ...(values.queue ? { queue: values.queue } : {}),
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      attempts: intOption(values.attempts, '--attempts'),
      backoffMs: intOption(values['backoff-ms'], '--backoff-ms', 0),
      planConcurrency: intOption(env.CUTOUT_PLAN_CONCURRENCY, 'CUTOUT_PLAN_CONCURRENCY'),
      onInvalid: (input, message) => err(`skipped ${input}: ${message}\n`),
      ...(output ? { output } : {}),
    });
    if (values.json) out(`${JSON.stringify(report)}\n`);
    else {
      out(
        `enqueued ${report.added} new image(s); ${report.existing} already queued, ` +
          `${report.duplicates} duplicate(s), ${report.invalid.length} unusable\n`,
      );
    }
    return report.invalid.length > 0 ? 1 : 0;
  });
}

/** `cutout worker`: runs until SIGTERM/SIGINT (or `io.signal`); a second signal cancels active jobs at once. */
export function runWorker(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return guarded(io, async () => {
    const { out, err, env } = resolveIo(io);
    const { values } = parseArgs({
      args: [...argv],
      options: {
        queue: { type: 'string' },
        out: { type: 'string' },
        concurrency: { type: 'string' },
        'lock-ms': { type: 'string' },
        'stalled-interval-ms': { type: 'string' },
        'grace-ms': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const engine = await engineFromEnv(env);
    // A last line of defence: no log line ever carries the key, whatever an error says.
    const redact = redactor(env.CODIA_API_KEY?.trim());
    const log = (e: WorkerEvent) => {
      if (values.json) out(`${redact(JSON.stringify(e))}\n`);
      else
        (e.type === 'error' || e.type === 'failed' || e.type === 'paused' ? err : out)(
          `${redact(formatEvent(e))}\n`,
        );
    };
    const worker = await startWorker({
      out: values.out ?? 'cutout-out',
      engine,
      ...(values.queue ? { queue: values.queue } : {}),
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      concurrency: intOption(values.concurrency, '--concurrency'),
      planConcurrency: intOption(env.CUTOUT_PLAN_CONCURRENCY, 'CUTOUT_PLAN_CONCURRENCY'),
      lockDurationMs: intOption(values['lock-ms'], '--lock-ms'),
      stalledIntervalMs: intOption(values['stalled-interval-ms'], '--stalled-interval-ms'),
      shutdownGraceMs: intOption(values['grace-ms'], '--grace-ms', 0),
      // Same SSRF guard as the proxy, for the local engine downloading URL jobs.
      fetchImage: createSafeFetch(),
      onEvent: log,
    });
    let signals = 0;
    let stop = () => {};
    try {
      await new Promise<void>((resolve) => {
        stop = () => {
          signals++;
          if (signals === 1) worker.close().then(resolve, resolve);
          // A second Ctrl-C: do not wait for slow calls; they are handed back to wait.
          else worker.worker.cancelAllJobs('shutdown');
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
        if (io.signal?.aborted) stop();
        io.signal?.addEventListener('abort', stop, { once: true });
      });
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    return 0;
  });
}

/** `cutout status`: prints counts, throughput, ETA and failures; `--watch` refreshes until Ctrl-C. */
export function runStatus(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return guarded(io, async () => {
    const { out, env } = resolveIo(io);
    const { values } = parseArgs({
      args: [...argv],
      options: {
        queue: { type: 'string' },
        watch: { type: 'boolean' },
        interval: { type: 'string' },
        failed: { type: 'string' },
        resume: { type: 'boolean' },
        'retry-failed': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const target = {
      ...(values.queue ? { queue: values.queue } : {}),
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    };
    if (values.resume) {
      await resumeQueue(target);
      out('queue resumed\n');
    }
    if (values['retry-failed']) {
      out(`${await retryFailed(target)} failed job(s) back in wait\n`);
    }
    const failedLimit = intOption(values.failed, '--failed', 0) ?? 20;
    const print = async (clear: boolean) => {
      const status = await getQueueStatus({ ...target, failedLimit: Math.max(1, failedLimit) });
      if (failedLimit === 0) status.failedJobs = [];
      if (values.json) out(`${JSON.stringify(status)}\n`);
      else out(`${clear ? '\x1b[2J\x1b[H' : ''}${formatStatus(status)}\n`);
    };
    if (!values.watch) {
      await print(false);
      return 0;
    }
    const interval = intOption(values.interval, '--interval', 100) ?? 2000;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    io.signal?.addEventListener('abort', onSignal, { once: true });
    try {
      while (!stop.signal.aborted) {
        await print(process.stdout.isTTY === true && !values.json && io.stdout === undefined);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          stop.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            {
              once: true,
            },
          );
        });
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return 0;
  });
}

function formatEvent(e: WorkerEvent): string {
  switch (e.type) {
    case 'ready':
      return `worker ready: queue ${e.queue}, ${e.concurrency} at once${e.planConcurrency ? ` (plan ${e.planConcurrency} over all workers)` : ''}, engine ${e.engine}, ${e.store}`;
    case 'done':
      return `done ${e.output}${e.reused ? ' (already stored)' : ` in ${e.ms} ms`}`;
    case 'skipped':
      return `skipped ${e.id}: ${e.reason}`;
    case 'retry':
      return `retry ${e.id} (try ${e.attempt} failed): ${e.reason}`;
    case 'failed':
      return `failed ${e.id}: ${e.reason}`;
    case 'stalled':
      return `stalled ${e.id}: its worker died; back in wait for another`;
    case 'rate-limited':
      return `rate-limited: every worker waits ${e.ms} ms`;
    case 'paused':
      return `queue paused: ${e.reason}`;
    case 'closing':
      return 'closing: finishing active jobs (Ctrl-C again to hand them back now)';
    case 'closed':
      return 'worker closed';
    case 'error':
      return `error: ${e.message}`;
  }
}
