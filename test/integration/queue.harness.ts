import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Redis } from 'ioredis';

/** Helpers of the queue integration tests: a real redis-server and real worker processes. */

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port (or `port`, to bring one back after a stop),
 * without persistence; waits until it answers.
 */
export async function startRedis(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const child = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Refused connections are expected until the server listens.
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(
          'redis-server did not start (is it installed? apt-get install redis-server)',
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

let bundled: Promise<string> | undefined;

/**
 * Bundles the `cutout` CLI (TypeScript sources, workspace packages from src)
 * into one ESM file under node_modules/.cache, once per test run: a worker process then
 * starts in plain node in ~100 ms instead of through a TS loader. Packages from the
 * registry stay external and load from node_modules as in production.
 */
export function queueCliBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(root, 'node_modules/.cache/cutout-queue-test', `cli-${process.pid}.mjs`);
    mkdirSync(dirname(outfile), { recursive: true });
    await build({
      stdin: {
        // The real `cutout` dispatch (packages/cli/src/cli.ts does the same).
        contents: `import { main } from './packages/cli/src/main.ts';
process.exitCode = await main(process.argv.slice(2));`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      conditions: ['source'],
      external: [
        'bullmq',
        'ioredis',
        'csv-parse',
        'ipaddr.js',
        'busboy',
        '@hono/node-server',
        'sharp',
        'onnxruntime-node',
        '@cutout/engine-onnx',
      ],
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundled;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** JSON events printed so far (`--json`). */
  events: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** Starts `cutout worker --json …` as a child process. */
export async function spawnWorker(
  args: string[],
  env: Record<string, string>,
): Promise<WorkerProcess> {
  const cli = await queueCliBundle();
  const child = spawn(process.execPath, [cli, 'worker', '--json', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
      nl = buffer.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, events, stderr, exited };
}

/** Polls until `check` is true, or throws after `timeoutMs` (every wait in these tests is bounded). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
