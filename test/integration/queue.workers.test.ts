import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sniffImage } from '@cutout/core';
import { enqueue, getQueueStatus } from '@cutout/queue';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queueCliBundle,
  type RedisServer,
  spawnWorker,
  startRedis,
  type WorkerProcess,
  waitFor,
} from './queue.harness';

/**
 * Issue #7 §3: real redis-server, real worker processes, the fake Codia over loopback.
 * 200 images: 190 good (distinct widths, so each output can be matched to its input),
 * 5 under the 400 px minimum (skipped), 5 that are not images (failed, never retried).
 */
const PLAN = 6;
const GOOD = 190;

describe('cutout enqueue / worker over BullMQ (3 worker processes)', () => {
  let redis: RedisServer;
  let fake: FakeCodia;
  let dir: string;
  let catalog: string;
  let out: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    [redis, fake] = await Promise.all([
      startRedis(),
      startFakeCodia({
        latencyMs: 80,
        retryAfterS: 0.3,
        faults: { rate: 0.1, kinds: ['transient', 'http-503', 'reset'], seed: 11 },
      }),
      queueCliBundle(),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'cutout-queue-'));
    catalog = join(dir, 'catalog');
    out = join(dir, 'out');
    await mkdir(join(catalog, 'shoes'), { recursive: true });
    const good = await Promise.all(
      Array.from({ length: GOOD }, (_, i) =>
        makeTestImage({
          width: 400 + i,
          height: 300,
          format: i % 4 === 0 ? 'png' : 'jpeg',
          quality: 60,
        }),
      ),
    );
    await Promise.all(
      good.map((bytes, i) =>
        writeFile(
          join(
            catalog,
            i % 2 ? 'shoes' : '',
            `p${String(i).padStart(3, '0')}.${i % 4 === 0 ? 'png' : 'jpg'}`,
          ),
          bytes,
        ),
      ),
    );
    for (let i = 0; i < 5; i++) {
      await writeFile(
        join(catalog, `small${i}.jpg`),
        await makeTestImage({ width: 200 + i, height: 150 }),
      );
      await writeFile(join(catalog, `broken${i}.jpg`), `not an image ${i}`);
    }
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all([fake?.close(), redis?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('enqueuing the same catalog twice adds no job', async () => {
    const first = await enqueue({
      inputs: [catalog],
      redisUrl: redis.url,
      attempts: 8,
      backoffMs: 50,
      planConcurrency: PLAN,
    });
    expect(first).toMatchObject({ added: 200, existing: 0, duplicates: 0, invalid: [] });
    // The same images again, one of them also under a second name: nothing new.
    await writeFile(join(dir, 'copy.jpg'), await readFile(join(catalog, 'p002.jpg')));
    const second = await enqueue({ inputs: [catalog, join(dir, 'copy.jpg')], redisUrl: redis.url });
    expect(second).toMatchObject({ added: 0, existing: 200, duplicates: 1 });
    expect((await getQueueStatus({ redisUrl: redis.url })).counts).toMatchObject({
      waiting: 200,
      total: 200,
    });
  });

  it('200 jobs, 10% faults, a 429 burst and a SIGKILLed worker: each ends once, within the plan', async () => {
    const env = {
      REDIS_URL: redis.url,
      CODIA_API_KEY: fake.apiKey,
      CODIA_BASE_URL: fake.url,
      CUTOUT_PLAN_CONCURRENCY: String(PLAN),
    };
    // Each worker would take 4 at once (12 in all): only the global limit keeps it at 6.
    const args = [
      '--out',
      out,
      '--concurrency',
      '4',
      '--lock-ms',
      '3000',
      '--stalled-interval-ms',
      '1000',
    ];
    for (let i = 0; i < 3; i++) workers.push(await spawnWorker(args, env));
    const ended = () =>
      workers
        .flatMap((w) => w.events)
        .filter((e) => ['done', 'skipped', 'failed'].includes(e.type as string));

    await waitFor(() => ended().length >= 40, 60_000, '40 jobs to end');
    fake.script('rate-limit', 'rate-limit', 'rate-limit', 'rate-limit', 'rate-limit');
    await waitFor(() => ended().length >= 80, 60_000, '80 jobs to end');
    // Killed mid-job: its active jobs must be taken over by the others (stalled-job check).
    // The victim is a worker holding a job right now (with a global limit, slots stay
    // with the workers that have them, so any one worker may be idle at a given moment).
    const queue = new Queue('cutout', { connection: { url: redis.url } });
    let survivors: WorkerProcess[] = [];
    try {
      // Calls from now on take 2 s at the fake, so a job started after this point is surely
      // still running when its worker dies (at 80 ms, one could finish between the look at
      // Redis and the kill, and then nothing stalls).
      const slowFrom = Date.now();
      fake.setLatency(2_000);
      let victim: WorkerProcess | undefined;
      await waitFor(
        async () => {
          const active = (await queue.getActive()).filter(
            (j) => (j.processedOn ?? 0) > slowFrom + 100,
          );
          victim = workers.find((w) =>
            active.some((j) => j.processedBy?.endsWith(`:${w.child.pid}`)),
          );
          return victim !== undefined;
        },
        10_000,
        'a worker holding a slow job',
      );
      victim!.child.kill('SIGKILL');
      await victim!.exited;
      fake.setLatency(80);
      survivors = workers.filter((w) => w !== victim);

      await waitFor(
        async () => {
          const c = await queue.getJobCounts('completed', 'failed');
          return (c.completed ?? 0) + (c.failed ?? 0) === 200;
        },
        90_000,
        'all 200 jobs to end',
      );
      const status = await getQueueStatus({ redisUrl: redis.url, failedLimit: 50 });
      expect(status.counts).toMatchObject({
        done: GOOD,
        skipped: 5,
        failed: 5,
        waiting: 0,
        active: 0,
        delayed: 0,
        total: 200,
      });
      // Failures are the 5 non-images, failed on their first try with a reason; never sent.
      expect(status.failedJobs).toHaveLength(5);
      for (const f of status.failedJobs) {
        expect(f.source).toMatch(/broken\d\.jpg$/);
        expect(f.reason).toMatch(/^preflight\/unsupported-format: /);
        expect(f.attempts).toBe(1);
      }
      const completed = await queue.getCompleted(0, 300);
      const skipped = completed.filter((j) => j.returnvalue.status === 'skipped');
      expect(
        skipped.map((j) => j.data.source.type === 'file' && j.data.source.path).sort(),
      ).toEqual(Array.from({ length: 5 }, (_, i) => join(catalog, `small${i}.jpg`)));
      expect(
        skipped.every(
          (j) => j.returnvalue.status === 'skipped' && j.returnvalue.reason === 'too-small',
        ),
      ).toBe(true);
    } finally {
      await queue.close();
    }

    // The victim's jobs were found stalled and run again by a survivor.
    expect(survivors.flatMap((w) => w.events).some((e) => e.type === 'stalled')).toBe(true);
    // Transient faults were retried (and logged as such), never ended as failures.
    expect(workers.flatMap((w) => w.events).some((e) => e.type === 'retry')).toBe(true);
    // The fake never saw more calls at once than the plan allows, though 12 slots existed.
    expect(fake.stats.maxConcurrent).toBeLessThanOrEqual(PLAN);
    expect(fake.stats.maxConcurrent).toBeGreaterThanOrEqual(PLAN - 1);
    // The burst was answered (5 × 42900) and paused every worker instead of failing jobs.
    expect(fake.stats.byCode['42900']).toBe(5);
    expect(workers.flatMap((w) => w.events).some((e) => e.type === 'rate-limited')).toBe(true);
    // Paid once per good image; only calls of the killed worker that finished but were not
    // yet stored (at most its 4 slots) may have been paid twice.
    expect(fake.stats.successes).toBeGreaterThanOrEqual(GOOD);
    expect(fake.stats.successes).toBeLessThanOrEqual(GOOD + 4);

    // No job ended twice in the logs of the workers (the killed one's log may miss some).
    const ids = ended().map((e) => e.id as string);
    expect(new Set(ids).size).toBe(ids.length);

    // One whole PNG per good image, at its input's width; nothing partial in the listing.
    const files = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.png'));
    expect(files.filter((f) => !f.startsWith('.cutout-tmp'))).toHaveLength(GOOD);
    for (const file of files) {
      const i = Number(/p(\d{3})\.png$/.exec(file)![1]);
      const png = await readFile(join(out, file));
      expect(sniffImage(png)).toMatchObject({ format: 'png', width: 400 + i, height: 300 });
      expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
    }
    expect(await readdir(join(out, 'shoes'))).toHaveLength(GOOD / 2);

    // Once everything ended, enqueuing the catalog again still adds nothing.
    const again = await enqueue({ inputs: [catalog], redisUrl: redis.url });
    expect(again).toMatchObject({ added: 0, existing: 200 });

    // SIGTERM: the two live workers close cleanly (exit code 0).
    for (const w of survivors) w.child.kill('SIGTERM');
    expect(await Promise.all(survivors.map((w) => w.exited))).toEqual([0, 0]);
  }, 150_000);
});
