import {
  type OutputOptions,
  outputExtension,
  outputParams,
  parseOutputOptions,
} from '@cutout/core/output';
import type { JobsOptions } from 'bullmq';
import { collectSources, type SourceItem } from './collectSources';
import { BACKOFF_TYPE } from './jobErrors';
import { hashFile, jobIdForHash, jobIdForUrl, sha256Hex } from './jobId';
import { type CutoutJobData, JOB_NAME } from './jobTypes';
import { type OpenQueue, openQueue } from './openQueue';
import { disambiguate } from './outputName';
import type { QueueTarget } from './queueConfig';

export interface EnqueueOptions extends QueueTarget {
  /** Files, folders, http(s) URLs and `.csv` manifests. */
  inputs: readonly string[];
  /** Tries per image for transient errors, the first included. Default 5. */
  attempts?: number;
  /** Base of the exponential backoff between tries. Default 1000 ms. */
  backoffMs?: number;
  /** When set, the queue's global concurrency (the plan's), shared by every worker. */
  planConcurrency?: number;
  /**
   * Output options for every image (crop, preset, format, …): validated here, stored with
   * each job, composed by the worker. The output key's extension follows the format, and
   * the job id includes the options, so the same photo in two outputs is two jobs.
   */
  output?: OutputOptions;
  /** Called for every argument or manifest row that could not be enqueued. */
  onInvalid?: (input: string, message: string) => void;
}

export interface EnqueueReport {
  /** Jobs added now. */
  added: number;
  /** Images whose job was already in the queue (from an earlier enqueue): not added again. */
  existing: number;
  /** Images whose bytes (or URL) repeat another one of this run: one job for all. */
  duplicates: number;
  invalid: { input: string; message: string }[];
}

/** Images hashed and added per round trip: bounded memory, few Redis calls. */
const BATCH = 250;
/** Files hashed at the same time (disk parallelism, not CPU: SHA-256 is fast). */
const HASH_PARALLEL = 8;

/**
 * `cutout enqueue`: one BullMQ job per image, its id derived from the image (jobId.ts),
 * so enqueuing the same catalog again adds nothing. Jobs keep after they end (completed
 * and failed jobs stay in Redis): that record is what makes a second enqueue a no-op.
 */
export async function enqueue(options: EnqueueOptions): Promise<EnqueueReport> {
  // A bad option fails the command before anything is queued.
  const outputOptions = options.output ? outputParams(options.output) : undefined;
  const extension = outputOptions
    ? outputExtension(parseOutputOptions(outputOptions).format)
    : '.png';
  const shape = { outputOptions, extension };
  const q = openQueue(options);
  const report: EnqueueReport = { added: 0, existing: 0, duplicates: 0, invalid: [] };
  const invalid = (input: string, message: string) => {
    report.invalid.push({ input, message });
    options.onInvalid?.(input, message);
  };
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? 5,
    backoff: { type: BACKOFF_TYPE, delay: options.backoffMs ?? 1000 },
    removeOnComplete: false,
    removeOnFail: false,
  };
  try {
    await q.ready();
    if (options.planConcurrency !== undefined) {
      await q.queue.setGlobalConcurrency(options.planConcurrency);
    }
    const seen = new Set<string>();
    let batch: SourceItem[] = [];
    const flush = async () => {
      const items = batch;
      batch = [];
      const jobs = await prepare(items, invalid, shape);
      const fresh = jobs.filter((j) => {
        if (seen.has(j.id)) {
          report.duplicates++;
          return false;
        }
        seen.add(j.id);
        return true;
      });
      const added = await addNew(q, fresh, jobOptions);
      report.added += added;
      report.existing += fresh.length - added;
    };
    for await (const item of collectSources(options.inputs)) {
      if (item.type === 'invalid') {
        invalid(item.input, item.message);
        continue;
      }
      batch.push(item);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return report;
  } finally {
    await q.close();
  }
}

interface PreparedJob {
  id: string;
  data: CutoutJobData;
}

async function prepare(
  items: SourceItem[],
  invalid: (input: string, message: string) => void,
  shape: { outputOptions: Record<string, string> | undefined; extension: string },
): Promise<PreparedJob[]> {
  const optionsKey = shape.outputOptions
    ? `-o${sha256Hex(JSON.stringify(Object.entries(shape.outputOptions).sort())).slice(0, 16)}`
    : '';
  const job = (id: string, source: CutoutJobData['source'], output: string): PreparedJob => ({
    id: id + optionsKey,
    data: {
      source,
      output: output.replace(/\.png$/i, shape.extension),
      ...(shape.outputOptions ? { outputOptions: shape.outputOptions } : {}),
    },
  });
  const out: (PreparedJob | undefined)[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i]!;
      if (item.type === 'url') {
        out[i] = job(jobIdForUrl(item.url), item, item.output);
      } else if (item.type === 'file') {
        try {
          const { sha256, size } = await hashFile(item.path);
          out[i] = job(
            jobIdForHash(sha256),
            { type: 'file', path: item.path, sha256, size },
            item.output,
          );
        } catch (error) {
          invalid(
            item.path,
            `Could not read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
          );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: HASH_PARALLEL }, run));
  return out.filter((j): j is PreparedJob => j !== undefined);
}

/** Adds the jobs not already in Redis; returns how many were added. */
async function addNew(q: OpenQueue, jobs: PreparedJob[], opts: JobsOptions): Promise<number> {
  if (jobs.length === 0) return 0;
  // BullMQ would silently ignore an existing id too; asking first lets us report it and
  // keeps an existing job's output name untouched.
  const exists = await q.redis.pipeline(jobs.map((j) => ['exists', q.queue.toKey(j.id)])).exec();
  const fresh = jobs.filter((_, i) => exists?.[i]?.[1] === 0);
  if (fresh.length === 0) return 0;
  await claimOutputNames(q, fresh);
  await q.queue.addBulk(
    fresh.map((j) => ({ name: JOB_NAME, data: j.data, opts: { ...opts, jobId: j.id } })),
  );
  return fresh.length;
}

/**
 * Two different images may want the same output name (`a/x.jpg` and `b/x.jpg` in two
 * runs, or a manifest naming both `x.png`). The first keeps it; the next gets the name
 * with a short id appended, so no result ever overwrites another one's.
 */
async function claimOutputNames(q: OpenQueue, jobs: PreparedJob[]): Promise<void> {
  const claims = await q.redis
    .pipeline(jobs.map((j) => ['hsetnx', q.keys.outputs, j.data.output, j.id]))
    .exec();
  const lost = jobs.filter((_, i) => claims?.[i]?.[1] === 0);
  if (lost.length === 0) return;
  const owners = await q.redis.hmget(q.keys.outputs, ...lost.map((j) => j.data.output));
  const renamed: PreparedJob[] = [];
  lost.forEach((j, i) => {
    if (owners[i] !== j.id) {
      j.data.output = disambiguate(j.data.output, j.id);
      renamed.push(j);
    }
  });
  if (renamed.length > 0) {
    await q.redis
      .pipeline(renamed.map((j) => ['hset', q.keys.outputs, j.data.output, j.id]))
      .exec();
  }
}
