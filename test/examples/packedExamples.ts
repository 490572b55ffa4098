import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The environment a user's shell would give npm, Vite and Next: none of the npm_* variables
 * that `npm test` exports to its children (they carry this repo's .npmrc, which would hide a
 * missing install setting), plus ONNXRUNTIME_NODE_INSTALL=skip, the documented way to keep
 * onnxruntime-node's install script from fetching CUDA files from outside the registry.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && !/^(VITEST|NODE_OPTIONS|NODE_ENV)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    NEXT_TELEMETRY_DISABLED: '1',
    ...extra,
  };
}

/**
 * Builds and installs run at the lowest CPU priority: they run beside the rest of `npm test`
 * on 2 cores, and timing-sensitive tests elsewhere must not wait behind them.
 */
export function niced(cmd: string, args: string[]): [string, string[]] {
  return ['nice', ['-n', '19', cmd, ...args]];
}

export interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end (bounded by `timeoutMs`), collecting stdout and stderr. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(...niced(cmd, args), {
      cwd: opts.cwd,
      env: opts.env ?? userEnv(),
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} ran over ${opts.timeoutMs} ms:\n${output}`));
    }, opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function mustRun(cmd: string, args: string[], cwd: string, timeoutMs: number) {
  const t0 = performance.now();
  const r = await run(cmd, args, { cwd, timeoutMs });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.output}`);
  console.info(`[examples] ${cmd} ${args.join(' ')} in ${cwd}: ${s} s`);
  return r;
}

/** What the README snippets import beyond the example apps' dependencies. */
const SNIPPET_DEPS = ['hono', 'express', '@types/express', 'msw', 'vitest', '@types/node'];

/**
 * What a user gets from the registry, made here: the workspaces built and packed with
 * `npm pack`, and the example apps copied next to the tarballs (their package.json point at
 * `file:../.packed/*.tgz`) under one throw-away npm workspace root, so one `npm install`
 * fetches Vite, Next and the engine's native parts once for both apps (and what the README
 * snippets import, at the root). Nothing resolves to this repository's sources or
 * node_modules: the copy lives under the OS temp dir.
 */
export async function installPackedExamples(apps: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutout-examples-'));
  await mustRun('npm', ['run', 'build'], root, 600_000);
  const packed = join(dir, '.packed');
  await mkdir(packed);
  await mustRun('npm', ['pack', '--workspaces', '--pack-destination', packed], root, 120_000);
  const tarballs = await readdir(packed);
  console.info(`[examples] packed: ${tarballs.join(', ')}`);
  for (const app of apps) {
    await cp(join(root, 'examples', app), join(dir, app), {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|\.next|dist)$/.test(src),
    });
  }
  const ours = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const devDependencies: Record<string, string> = {};
  for (const name of SNIPPET_DEPS) devDependencies[name] = ours.devDependencies[name]!;
  for (const t of tarballs) {
    const name = /^cutout-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(t)?.[1];
    if (name) devDependencies[`@cutout/${name}`] = `file:./.packed/${t}`;
  }
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'cutout-examples-check', private: true, workspaces: apps, devDependencies },
      null,
      2,
    ),
  );
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir, 600_000);
  return dir;
}

export { mustRun };
