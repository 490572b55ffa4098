import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineFromEnv, runEnqueue, runStatus } from '@cutout/cli';
import { sniffImage } from '@cutout/core';
import {
  type CutoutWorker,
  enqueue,
  getQueueStatus,
  resumeQueue,
  startWorker,
  type WorkerEvent,
} from '@cutout/queue';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  queueCliBundle,
  type RedisServer,
  spawnWorker,
  startRedis,
  waitFor,
} from './queue.harness';

/** Queue-wide decisions (402, shutdown) and URL manifests, against real Redis and the fake. */
describe('cutout queue behaviour', () => {
  let redis: RedisServer;
  let fake: FakeCodia;
  let dir: string;
  let images: Buffer[];
  let worker: CutoutWorker | undefined;

  beforeAll(async () => {
    [redis, fake] = await Promise.all([
      startRedis(),
      startFakeCodia({ latencyMs: 20 }),
      queueCliBundle(),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'cutout-queue-b-'));
    images = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        makeTestImage({ width: 400 + i, height: 300, quality: 60 }),
      ),
    );
  }, 60_000);

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    fake.reset();
  });

  afterAll(async () => {
    await Promise.all([fake?.close(), redis?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ CODIA_API_KEY: fake.apiKey, CODIA_BASE_URL: fake.url });

  async function writeImages(name: string, count: number): Promise<string> {
    const folder = join(dir, name);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    await Promise.all(
      images.slice(0, count).map((b, i) => writeFile(join(folder, `i${i}.jpg`), b)),
    );
    return folder;
  }

  it('402 pauses the whole queue and says why; after a resume the rest is done', async () => {
    const queue = 'credits';
    fake.setCredits(3);
    const folder = await writeImages('credits', 5);
    await enqueue({ inputs: [folder], queue, redisUrl: redis.url });
    const events: WorkerEvent[] = [];
    worker = await startWorker({
      queue,
      redisUrl: redis.url,
      out: join(dir, 'out-credits'),
      engine: await engineFromEnv(env()),
      concurrency: 1,
      onEvent: (e) => events.push(e),
    });
    await waitFor(() => events.some((e) => e.type === 'paused'), 20_000, 'the 402 pause');
    const paused = await getQueueStatus({ queue, redisUrl: redis.url });
    expect(paused.paused).toBe(true);
    expect(paused.pauseReason).toMatch(/^credits\/out-of-credits: .*cutout status --resume/);
    // Nothing failed: the refused image went back to wait with the others.
    expect(paused.counts).toMatchObject({ done: 3, failed: 0, waiting: 2, active: 0 });
    expect(fake.stats.byCode['40200']).toBe(1);

    fake.setCredits(10);
    await resumeQueue({ queue, redisUrl: redis.url });
    await waitFor(
      async () => (await getQueueStatus({ queue, redisUrl: redis.url })).counts.done === 5,
      20_000,
      'the rest to be done',
    );
    const status = await getQueueStatus({ queue, redisUrl: redis.url });
    expect(status.paused).toBe(false);
    expect(status.pauseReason).toBeUndefined();
    expect(fake.stats.successes).toBe(5);
  });

  it('a manifest of URLs: the upstream fetches them, outputs take the manifest names', async () => {
    const queue = 'urls';
    const urls = images.slice(0, 3).map((b) => fake.hostFile(b, 'image/jpeg'));
    const manifest = join(dir, 'catalog.csv');
    await writeFile(
      manifest,
      `sku,image_url,output\nA1,${urls[0]},red/a1.png\nA2,"${urls[1]}",a2\nA3,${urls[2]},\n`,
    );
    expect(await enqueue({ inputs: [manifest], queue, redisUrl: redis.url })).toMatchObject({
      added: 3,
    });
    expect(await enqueue({ inputs: [manifest], queue, redisUrl: redis.url })).toMatchObject({
      added: 0,
      existing: 3,
    });
    const out = join(dir, 'out-urls');
    worker = await startWorker({
      queue,
      redisUrl: redis.url,
      out,
      engine: await engineFromEnv(env()),
    });
    await waitFor(
      async () => (await getQueueStatus({ queue, redisUrl: redis.url })).counts.done === 3,
      20_000,
      '3 URL jobs',
    );
    expect(fake.stats.byCode['0']).toBe(3);
    expect(fake.requests.every((r) => r.mode === 'json')).toBe(true);
    const files = (await readdir(out, { recursive: true }))
      .filter((f) => f.endsWith('.png'))
      .sort();
    // Row 3 has no output: its name comes from the URL's last segment.
    expect(files).toEqual(['a2.png', expect.stringMatching(/^\d+\.png$/), 'red/a1.png'].sort());
    expect(sniffImage(await readFile(join(out, 'red/a1.png')))).toMatchObject({ width: 400 });
  });

  it('the commands: enqueue reports unusable inputs (exit 1), status prints counts and failures', async () => {
    const queue = 'commands';
    const folder = await writeImages(queue, 2);
    await writeFile(join(folder, 'bad.jpg'), 'not an image');
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      env: { REDIS_URL: redis.url },
    };
    expect(await runEnqueue([folder, join(dir, 'missing.jpg'), '--queue', queue], io)).toBe(1);
    expect(out.join('')).toBe(
      'enqueued 3 new image(s); 0 already queued, 0 duplicate(s), 1 unusable\n',
    );
    expect(err.join('')).toContain(
      `skipped ${join(dir, 'missing.jpg')}: No such file, folder or URL.`,
    );
    expect(await runEnqueue(['--queue', queue], io)).toBe(2);

    worker = await startWorker({
      queue,
      redisUrl: redis.url,
      out: join(dir, `out-${queue}`),
      engine: await engineFromEnv(env()),
    });
    await waitFor(
      async () => (await getQueueStatus({ queue, redisUrl: redis.url })).counts.failed === 1,
      20_000,
      'the bad file to fail',
    );
    await waitFor(
      async () => (await getQueueStatus({ queue, redisUrl: redis.url })).counts.done === 2,
      20_000,
      '2 done',
    );
    out.length = 0;
    expect(await runStatus(['--queue', queue], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('queue commands: 3/3 ended (100.0%)');
    expect(text).toContain('done 2  skipped 0  failed 1');
    expect(text).toContain('ETA done');
    expect(text).toMatch(/bad\.jpg {2}preflight\/unsupported-format: /);
    out.length = 0;
    expect(await runStatus(['--queue', queue, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      queue,
      counts: { done: 2, failed: 1, total: 3 },
    });

    // --watch refreshes until stopped (here by a signal instead of Ctrl-C).
    out.length = 0;
    const stop = new AbortController();
    const watching = runStatus(['--queue', queue, '--watch', '--interval', '100', '--json'], {
      ...io,
      signal: stop.signal,
    });
    await waitFor(() => out.length >= 2, 10_000, 'two refreshes');
    stop.abort();
    expect(await watching).toBe(0);

    // --retry-failed puts the failure back in wait; it fails again, with the same reason.
    const before = (await getQueueStatus({ queue, redisUrl: redis.url })).failedJobs[0]!
      .finishedOn!;
    out.length = 0;
    expect(await runStatus(['--queue', queue, '--retry-failed', '--failed', '0'], io)).toBe(0);
    expect(out[0]).toBe('1 failed job(s) back in wait\n');
    await waitFor(
      async () => {
        const again = await getQueueStatus({ queue, redisUrl: redis.url });
        return again.counts.failed === 1 && again.failedJobs[0]!.finishedOn! > before;
      },
      20_000,
      'the retried job to fail again',
    );
  });

  it('an unreachable Redis is a clear error within seconds, without the password', async () => {
    const err: string[] = [];
    const io = {
      stdout: () => {},
      stderr: (t: string) => void err.push(t),
      env: { REDIS_URL: 'redis://:hunter2@127.0.0.1:1' },
    };
    expect(await runStatus([], io)).toBe(1);
    expect(err.join('')).toMatch(
      /^error: Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 .*set REDIS_URL/,
    );
    expect(err.join('')).not.toContain('hunter2');
  });

  it('SIGTERM lets active jobs finish; with a short grace they are handed back, none failed', async () => {
    const slow = await startFakeCodia({ latencyMs: 1500 });
    try {
      for (const [queue, grace, expected] of [
        ['term-finish', '30000', { done: 3, waiting: 0 }],
        ['term-handback', '100', { done: 0, waiting: 3 }],
      ] as const) {
        const folder = await writeImages(queue, 3);
        await enqueue({ inputs: [folder], queue, redisUrl: redis.url });
        const w = await spawnWorker(
          [
            '--queue',
            queue,
            '--out',
            join(dir, `out-${queue}`),
            '--concurrency',
            '3',
            '--grace-ms',
            grace,
          ],
          { REDIS_URL: redis.url, CODIA_API_KEY: slow.apiKey, CODIA_BASE_URL: slow.url },
        );
        try {
          await waitFor(() => slow.stats.inFlight === 3, 15_000, '3 calls in flight');
          w.child.kill('SIGTERM');
          expect(await w.exited).toBe(0);
        } finally {
          if (w.child.exitCode === null) w.child.kill('SIGKILL');
        }
        const status = await getQueueStatus({ queue, redisUrl: redis.url });
        expect(status.counts).toMatchObject({ ...expected, failed: 0, active: 0 });
        expect(w.events.map((e) => e.type)).toContain('closed');
      }
    } finally {
      await slow.close();
    }
  }, 60_000);
});
