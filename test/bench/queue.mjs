#!/usr/bin/env node
// Issue #7 §4: throughput of `cutout worker` processes over BullMQ against the fake Codia
// with 600 ms of latency and a plan concurrency of 32. The ideal is the plan limit:
// 32 calls / 0.6 s ≈ 53 images/s; the target is ≥ 90% of it with 2 or more workers.
//
// Uses the built packages (dist), a real redis-server on a free loopback port and real worker
// processes (`node packages/cli/dist/cli.js worker`). Every wait is bounded.
// `node test/bench/queue.mjs [images per run]` (default 480: ~9 s per run at the ideal).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codiaEngine } from '@cutout/proxy';
import { makeTestImage, startFakeCodia } from '@cutout/testing';
import { Redis } from 'ioredis';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'packages/cli/dist/cli.js');
const PLAN = 32;
const LATENCY_MS = 600;
const IMAGES = Number(process.argv[2] ?? 480);
const IDEAL = PLAN / (LATENCY_MS / 1000);
const RUN_TIMEOUT_MS = 120_000;

const children = new Set();
const cleanups = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`cutout ${args[0]} exited ${code}`)),
    );
  });
}

/** Distinct JPEGs without encoding each one: a comment segment (FFFE) with a counter after SOI. */
function variant(jpeg, i) {
  const text = Buffer.from(`cutout bench ${i}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

/** Steady-state rate: jobs after the first full wave of the plan, over the time they took. */
function steadyRate(endTimes) {
  const t = [...endTimes].sort((a, b) => a - b);
  return (t.length - PLAN) / ((t[t.length - 1] - t[PLAN - 1]) / 1000);
}

/**
 * The same calls without the queue: one process, a pool of 32 loops, the same engine and
 * the same kind of writes. What the machine and the fake allow; the queue runs are compared
 * with it to see the queue's own cost.
 */
async function baseline(fake, catalog, out) {
  const engine = codiaEngine({ apiKey: fake.apiKey, baseUrl: fake.url, retry: false });
  await mkdir(out, { recursive: true });
  const ends = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PLAN }, async () => {
      while (next < IMAGES) {
        const i = next++;
        const data = await readFile(join(catalog, `${i}.jpg`));
        const r = await engine.removeBackground(
          { type: 'image', data, format: 'jpeg', byteLength: data.length },
          { signal: AbortSignal.timeout(30_000) },
        );
        await writeFile(join(out, `${i}.png`), r.png);
        ends.push(Date.now());
      }
    }),
  );
  return { wallS: (Date.now() - started) / 1000, steady: steadyRate(ends) };
}

async function main() {
  const port = await freePort();
  const redisServer = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  children.add(redisServer);
  const redisUrl = `redis://127.0.0.1:${port}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await waitFor(
    async () => (await redis.ping().catch(() => '')) === 'PONG',
    10_000,
    'redis-server',
  );

  const fake = await startFakeCodia({ latencyMs: LATENCY_MS });
  const dir = await mkdtemp(join(tmpdir(), 'cutout-bench-queue-'));
  cleanups.push(
    () => rm(dir, { recursive: true, force: true }),
    () => fake.close(),
    () => redis.quit(),
  );
  const base = await makeTestImage({ width: 400, height: 300, quality: 70 });

  const rows = [];
  {
    const catalog = join(dir, 'baseline');
    await mkdir(catalog, { recursive: true });
    await Promise.all(
      Array.from({ length: IMAGES }, (_, i) =>
        writeFile(join(catalog, `${i}.jpg`), variant(base, i)),
      ),
    );
    fake.reset();
    const b = await baseline(fake, catalog, join(dir, 'out-baseline'));
    const callMs =
      fake.requests.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, fake.requests.length);
    rows.push({
      workers: 'no queue (pool of 32 in one process)',
      images: IMAGES,
      wallS: b.wallS,
      endToEnd: IMAGES / b.wallS,
      steady: b.steady,
      callMs,
      maxConcurrent: fake.stats.maxConcurrent,
    });
  }
  for (const workers of [1, 2, 4]) {
    const queue = `bench-${workers}`;
    const catalog = join(dir, queue);
    await mkdir(catalog, { recursive: true });
    // Distinct bytes per run, so each run's jobs are new (ids are content hashes).
    await Promise.all(
      Array.from({ length: IMAGES }, (_, i) =>
        writeFile(join(catalog, `${i}.jpg`), variant(base, workers * 100_000 + i)),
      ),
    );
    const env = {
      REDIS_URL: redisUrl,
      CODIA_API_KEY: fake.apiKey,
      CODIA_BASE_URL: fake.url,
      CUTOUT_PLAN_CONCURRENCY: String(PLAN),
    };
    const memBefore = await usedMemory(redis);
    await run(['enqueue', catalog, '--queue', queue], env);
    fake.reset();
    const started = Date.now();
    const procs = [];
    for (let w = 0; w < workers; w++) {
      const child = spawn(
        process.execPath,
        [
          cli,
          'worker',
          '--queue',
          queue,
          '--out',
          join(dir, `out-${queue}`),
          '--concurrency',
          String(PLAN),
          '--json',
        ],
        {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      children.add(child);
      procs.push(child);
    }
    const completed = `bull:${queue}:completed`;
    await waitFor(
      async () => (await redis.zcard(completed)) >= IMAGES,
      RUN_TIMEOUT_MS,
      `${IMAGES} jobs (${workers} workers)`,
    );
    const wallS = (Date.now() - started) / 1000;
    const bytesPerJob = ((await usedMemory(redis)) - memBefore) / IMAGES;
    // Steady state: from the end of the first full wave of the plan to the last job, so
    // process start-up (~0.3 s each) does not count against the queue.
    const scores = (await redis.zrange(completed, 0, -1, 'WITHSCORES'))
      .filter((_, i) => i % 2 === 1)
      .map(Number);
    const steady = steadyRate(scores);
    const callMs =
      fake.requests.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, fake.requests.length);
    rows.push({
      workers,
      images: IMAGES,
      wallS,
      endToEnd: IMAGES / wallS,
      steady,
      callMs,
      maxConcurrent: fake.stats.maxConcurrent,
      bytesPerJob,
    });
    await Promise.all(
      procs.map(
        (c) =>
          new Promise((resolve) => {
            c.once('exit', resolve);
            c.kill('SIGTERM');
          }),
      ),
    );
    for (const c of procs) children.delete(c);
  }

  console.log(
    `\nQueue throughput: fake latency ${LATENCY_MS} ms, plan concurrency ${PLAN}, ideal ${IDEAL.toFixed(1)} images/s, ${IMAGES} images per run\n`,
  );
  console.log(
    '| worker processes | images/s steady (% of ideal) | images/s incl. start-up | wall time | mean call at the fake | % of the plan limit at that call time | max concurrent calls at the fake |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.workers} | ${r.steady.toFixed(1)} (${((r.steady / IDEAL) * 100).toFixed(0)}%) | ${r.endToEnd.toFixed(1)} | ${r.wallS.toFixed(1)} s | ${r.callMs.toFixed(0)} ms | ${((r.steady / (PLAN / (r.callMs / 1000))) * 100).toFixed(0)}% | ${r.maxConcurrent} |`,
    );
  }
  const perJob = rows.filter((r) => r.bytesPerJob !== undefined).map((r) => r.bytesPerJob);
  console.log(
    `\nRedis memory per finished job (kept for de-duplication): ${(perJob.reduce((a, b) => a + b, 0) / perJob.length / 1024).toFixed(2)} KiB`,
  );
  const failing = rows.filter((r) => r.maxConcurrent > PLAN);
  if (failing.length > 0)
    throw new Error(`the plan limit was exceeded: ${JSON.stringify(failing)}`);
}

try {
  await main();
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  for (const c of children) c.kill('SIGKILL');
}
