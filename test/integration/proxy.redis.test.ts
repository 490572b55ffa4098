import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createCutoutHandler, createRedisRateLimitStore } from '@cutout/proxy';
import { type CutoutServer, startCutoutServer } from '@cutout/proxy/node';
import { makeTestImage } from '@cutout/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keyOutEngine } from './proxy.harness';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI)
  throw new Error('redis-server is required under CI (.ci/run installs it).');

let redisProcess: ChildProcess | undefined;
let port = 0;
const clients: Redis[] = [];
const servers: CutoutServer[] = [];

beforeAll(async () => {
  if (!hasRedis) return;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  redisProcess = child;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
});

afterAll(async () => {
  for (const s of servers) await s.close(1000);
  for (const c of clients) c.disconnect();
  if (redisProcess && redisProcess.exitCode === null) {
    const exited = new Promise((r) => redisProcess!.once('exit', r));
    redisProcess.kill('SIGTERM');
    await exited;
  }
});

describe.skipIf(!hasRedis)('rate limit shared through Redis', () => {
  test('two proxy instances (real servers) share one per-client limit', async () => {
    const instance = async () => {
      const redis = new Redis(port, '127.0.0.1');
      clients.push(redis);
      const server = await startCutoutServer({
        handler: createCutoutHandler({
          engine: keyOutEngine(),
          rateLimit: {
            capacity: 3,
            refillPerSecond: 0.01,
            store: createRedisRateLimitStore(redis, { prefix: `it:${process.pid}:` }),
          },
        }),
        port: 0,
      });
      servers.push(server);
      return server;
    };
    const [a, b] = [await instance(), await instance()];
    const jpeg = new Uint8Array(await makeTestImage({ width: 480, height: 400 }));
    const post = (server: CutoutServer) => {
      const form = new FormData();
      form.set('image', new Blob([jpeg]), 'a.jpg');
      return fetch(`${server.url}/v1/open/remove_bg`, { method: 'POST', body: form });
    };
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (const server of [a, b, a, b, a]) {
      const res = await post(server);
      statuses.push(res.status);
      remaining.push(res.headers.get('ratelimit-remaining'));
      await res.arrayBuffer();
    }
    // Both instances see the same client (127.0.0.1) and the same bucket of 3.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(remaining).toEqual(['2', '1', '0', '0', '0']);
    const refused = await post(b);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ code: 42900 });
  });
});
