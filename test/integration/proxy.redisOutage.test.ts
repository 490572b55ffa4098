import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleSources } from './bundleSources';
import { type RedisServer, startRedis } from './queue.harness';

// Issue 14 item 8: a Redis rate-limit store that fails open says so once per outage (and
// once when it is back), not never and not once per request. The real `cutout serve` (bundled
// from src) with CUTOUT_REDIS_URL, a real redis-server stopped and started again.
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI)
  throw new Error('redis-server is required under CI (.ci/run installs it).');

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'sk-redis-LEAK-5e4d3c2b';
let cli: string;
let fake: FakeCodia;
let redis: RedisServer | undefined;
let serve: ChildProcess | undefined;

beforeAll(async () => {
  if (!hasRedis) return;
  cli = join(root, 'node_modules/.cache/cutout-cli-test', `cli-redis-${process.pid}.mjs`);
  await bundleSources(join(root, 'packages/cli/src/cli.ts'), cli);
  fake = await startFakeCodia({ apiKey: KEY });
});
afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve!.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  await redis?.stop();
  await fake?.close();
  if (cli) await rm(cli, { force: true });
});

describe.skipIf(!hasRedis)('cutout serve with a Redis rate-limit store', () => {
  test('logs one line when Redis goes away and one when it is back, requests passing meanwhile', async () => {
    redis = await startRedis();
    const child = spawn(process.execPath, [cli, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        CODIA_API_KEY: KEY,
        CODIA_BASE_URL: fake.url,
        CUTOUT_RATE_LIMIT: '1000/1000',
        CUTOUT_REDIS_URL: redis.url,
      },
      cwd: root,
    });
    serve = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d;
    });
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/"url":"http:/);
    const url = /"url":"(http:[^"]+)"/.exec(out)![1]!;
    const jpeg = new Uint8Array(await makeTestImage({ width: 500, height: 400 }));
    const post = async () => {
      const form = new FormData();
      form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'a.jpg');
      const res = await fetch(`${url}/v1/open/remove_bg`, { method: 'POST', body: form });
      await res.arrayBuffer();
      return res;
    };
    const lines = (msg: RegExp) =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => typeof l.msg === 'string' && msg.test(l.msg));

    const limited = await post();
    expect(limited.status).toBe(200);
    expect(limited.headers.get('ratelimit-limit')).toBe('1000');

    await redis.stop();
    for (let i = 0; i < 6; i++) {
      const res = await post();
      expect(res.status).toBe(200); // fails open (the default)
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    expect(lines(/store unavailable/)).toHaveLength(1);
    expect(lines(/store unavailable/)[0]).toMatchObject({
      state: 'down',
      onStoreError: 'allow',
      error: { name: expect.any(String) },
    });

    redis = await startRedis(redis.port);
    // ioredis reconnects on its own backoff (≤ 2 s): keep calling until the limit is back.
    await expect
      .poll(async () => (await post()).headers.get('ratelimit-limit'), {
        timeout: 10_000,
        interval: 200,
      })
      .toBe('1000');
    await post();
    await post();
    expect(lines(/store unavailable/)).toHaveLength(1);
    const back = lines(/store available again/);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ state: 'up', requests: expect.any(Number) });
    expect(back[0]!.requests as number).toBeGreaterThanOrEqual(6);
    expect(back[0]!.downMs as number).toBeGreaterThan(0);
    expect(out).not.toContain('LEAK');
  }, 60_000);
});
