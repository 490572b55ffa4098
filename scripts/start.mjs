#!/usr/bin/env node
// `npm start`: build what the proxy needs, then run `cutout serve` (the local ONNX engine, or
// Codia when CODIA_API_KEY is set) and Storybook's dev server together. Storybook forwards
// /v1 and /healthz to the proxy, so the demo page is same-origin with the API.
//
//   npm start [-- --no-build]
//   env: PORT (proxy, 8787), STORYBOOK_PORT (6006), CODIA_API_KEY, CUTOUT_ENGINE, …
//
// Ctrl-C (SIGINT) or SIGTERM stops both; if either dies, the other is stopped too.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const { values: flags } = parseArgs({
  options: { 'no-build': { type: 'boolean', default: false } },
});

const proxyPort = Number(process.env.PORT ?? 8787);
const storybookPort = Number(process.env.STORYBOOK_PORT ?? 6006);
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 5_000;
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;

main().catch((error) => {
  console.error(paint('31', `npm start: ${error.message}`));
  stop(1);
});

async function main() {
  await assertPortFree(proxyPort, 'PORT', 'the proxy (another `cutout serve`?)');
  await assertPortFree(storybookPort, 'STORYBOOK_PORT', 'Storybook');

  if (!flags['no-build']) {
    // Storybook runs on the sources; only the CLI and what it imports need a build.
    console.log(
      paint(
        '2',
        '› building @cutout/core, @cutout/engine-onnx, @cutout/proxy, @cutout/queue, @cutout/cli …',
      ),
    );
    const build = spawnSync(
      'npm',
      [
        'run',
        'build',
        ...[
          '@cutout/core',
          '@cutout/engine-onnx',
          '@cutout/proxy',
          '@cutout/queue',
          '@cutout/cli',
        ].flatMap((name) => ['-w', name]),
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('the build failed (see above)');
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!stopping) console.log(paint('2', `\n› ${signal}: stopping the proxy and Storybook …`));
      stop(0);
    });
  }
  // Last resort if this process is torn down while children are still up.
  process.on('exit', () => {
    for (const child of children.values()) killGroup(child, 'SIGKILL');
  });

  const proxyOrigin = `http://127.0.0.1:${proxyPort}`;
  const storybookOrigin = `http://localhost:${storybookPort}`;

  run('proxy', '35', process.execPath, [binOf('@cutout/cli', 'cutout'), 'serve'], {
    PORT: String(proxyPort),
  });
  run(
    'storybook',
    '36',
    process.execPath,
    [binOf('storybook', 'storybook'), 'dev', '--port', String(storybookPort), '--ci', '--no-open'],
    { CUTOUT_PROXY_URL: proxyOrigin },
  );

  await Promise.all([
    // Any answer will do: 503 only means the engine loads its model on the first image.
    waitFor(`${proxyOrigin}/healthz`, 'the proxy', () => true),
    waitFor(`http://127.0.0.1:${storybookPort}/index.json`, 'Storybook', (res) => res.ok),
  ]);
  if (stopping) return;
  const demo = `${storybookOrigin}/?path=/story/demo-product-image-manager--live`;
  const engine = process.env.CODIA_API_KEY ? 'Codia (CODIA_API_KEY)' : 'local ONNX engine';
  console.log(
    [
      '',
      paint('1;32', '  cutout is running'),
      `  Proxy      ${proxyOrigin}   (${process.env.CUTOUT_ENGINE ?? engine})`,
      `  Storybook  ${storybookOrigin}/`,
      `  Demo       ${paint('1', demo)}`,
      '',
      paint('2', '  Ctrl-C stops both.'),
      '',
    ].join('\n'),
  );
}

/** The path of a package's bin script, run with this Node (no shell, no npx lookup). */
function binOf(pkg, name) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin?.[name];
  if (!rel) throw new Error(`${pkg} has no "${name}" bin`);
  return join(dirname(manifestPath), rel);
}

function run(name, tint, command, args, env) {
  // Own process group, so stopping reaches its whole tree (Storybook starts esbuild, etc.).
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, ...(color ? { FORCE_COLOR: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.set(name, child);
  const label = paint(tint, `[${name}]`.padEnd(12));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${label}${line}`));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    console.error(paint('31', `${name} exited (${signal ?? `code ${code}`}); stopping the rest.`));
    stop(code || 1);
  });
  child.on('error', (error) => {
    children.delete(name);
    if (!stopping) console.error(paint('31', `${name} failed to start: ${error.message}`));
    stop(1);
  });
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) killGroup(child, 'SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children.values()) killGroup(child, 'SIGKILL');
    process.exit(code);
  }, STOP_GRACE_MS);
  deadline.unref();
  const poll = setInterval(() => {
    if (children.size > 0) return;
    clearInterval(poll);
    process.exit(code);
  }, 50);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitFor(url, what, isUp) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (isUp(res)) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

function assertPortFree(port, envName, what) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} for ${what} is in use: stop what holds it or set ${envName}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}
