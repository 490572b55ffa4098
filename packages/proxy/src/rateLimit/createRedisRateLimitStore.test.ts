import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRedisRateLimitStore } from './createRedisRateLimitStore';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI)
  throw new Error('redis-server is required under CI (.ci/run installs it).');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let server: ChildProcess;
let port: number;
const clients: Redis[] = [];

beforeAll(async () => {
  if (!hasRedis) return;
  port = await freePort();
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Ready when it says so (bounded: a broken install fails the hook, not the run).
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        server.stdout!.resume();
        resolve();
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${out}`));
    });
  });
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

function connect(): Redis {
  const c = new Redis(port, '127.0.0.1');
  clients.push(c);
  return c;
}

describe.skipIf(!hasRedis)('createRedisRateLimitStore (real redis-server)', () => {
  test('two instances share one bucket, and taking is atomic under concurrency', async () => {
    const prefix = `t1:${Date.now()}:`;
    const a = createRedisRateLimitStore(connect(), { prefix });
    const b = createRedisRateLimitStore(connect(), { prefix });
    const policy = { capacity: 10, refillPerSecond: 0.001 };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('client-1', policy)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.find((r) => !r.allowed)!;
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterMs).toBeGreaterThan(900_000);
    // A different client key has its own bucket.
    expect((await a.take('client-2', policy)).allowed).toBe(true);
  });

  test('tokens come back with (Redis) time', async () => {
    const store = createRedisRateLimitStore(connect(), { prefix: `t2:${Date.now()}:` });
    const policy = { capacity: 1, refillPerSecond: 20 };
    expect((await store.take('k', policy)).allowed).toBe(true);
    const refused = await store.take('k', policy);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(50);
    // Waiting on Redis' clock is the point here: its TIME cannot be faked from the test.
    await new Promise((r) => setTimeout(r, refused.retryAfterMs + 10));
    expect((await store.take('k', policy)).allowed).toBe(true);
  });

  test('keys expire once the bucket would be full again', async () => {
    const redis = connect();
    const prefix = `t3:${Date.now()}:`;
    const store = createRedisRateLimitStore(redis, { prefix });
    await store.take('k', { capacity: 5, refillPerSecond: 1 });
    const ttl = await redis.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(2000);
  });
});
