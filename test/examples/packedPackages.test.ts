import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_HELP, findChromium } from '../e2e/findChromium';
import { dropPhoto, PHOTO } from './dropPhoto';
import { installPackedExamples, mustRun } from './packedExamples';
import { type Started, startProcess } from './startProcess';
import { typecheckReadmeSnippets } from './typecheckReadmeSnippets';

/**
 * What a user installs: the workspaces built and `npm pack`ed, and examples/vite-react and
 * examples/next-app installed from those tarballs in a temp dir (one install for both, in a
 * beforeAll, so the other projects run meanwhile). Against that install: every README's
 * ts/tsx code blocks typecheck, and each app is built with its own scripts, served as in
 * production and driven in real Chromium: a photo from the dev set is dropped on the
 * dropzone, the local ONNX engine cuts it out, and the cutout must show up in the page with
 * the right alpha and no console error. Without Chromium (never under CI=true) the browser
 * part is reported as skipped.
 */
const chromiumPath = findChromium();
let dir: string;
let browser: Browser | undefined;
const running: Started[] = [];

beforeAll(async () => {
  dir = await installPackedExamples(['vite-react', 'next-app']);
}, 1_500_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.close()));
  await browser?.close();
  if (dir && !process.env.CUTOUT_KEEP_EXAMPLES) await rm(dir, { recursive: true, force: true });
  else if (dir) console.info(`[examples] kept ${dir}`);
});

it('README code blocks compile against the packed packages', async () => {
  const { count, errors, output } = await typecheckReadmeSnippets(dir);
  expect(count).toBeGreaterThan(15);
  expect(errors, output).toEqual([]);
});

if (!chromiumPath) {
  it.skip(`example apps in Chromium skipped: no Chromium found — ${CHROMIUM_HELP}`, () => {});
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function primeRoute(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  const photo = new Blob([await readFile(PHOTO)], { type: 'image/jpeg' });
  for (;;) {
    const form = new FormData();
    form.set('image', photo, 'prime.jpg');
    const res = await fetch(url, {
      method: 'POST',
      body: form,
      headers: { Accept: 'image/png' },
      signal: AbortSignal.timeout(Math.max(1, until - Date.now())),
    }).catch((e: Error) => e);
    if (!(res instanceof Error) && res.ok) return;
    const why = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
    if (Date.now() > until) throw new Error(`${url} never answered a cutout: ${why}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function start(...args: Parameters<typeof startProcess>): Promise<Started> {
  const p = await startProcess(...args);
  running.push(p);
  return p;
}

describe.skipIf(!chromiumPath)('example apps in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });

  it('vite-react: vite build, vite preview + `cutout serve` (local engine), a dropped photo comes back cut out', async () => {
    const app = join(dir, 'vite-react');
    const build = await mustRun('npm', ['run', 'build'], app, 420_000);
    const chunks = await readdir(join(app, 'dist/assets'));
    // Vite's own size table (raw and gzip per chunk), the figures packages/react/README.md quotes.
    const table = build.output.split('\n').filter((l) => l.includes('dist/assets/'));
    console.info(`[examples] vite-react build:\n${table.join('\n')}`);

    const proxy = await start(join(dir, 'node_modules/.bin/cutout'), ['serve'], {
      cwd: app,
      env: { PORT: '0' },
      ready: /"msg":"listening"/,
      timeoutMs: 60_000,
    });
    // The model's warm-up takes seconds alone, minutes while the whole suite shares 2 cores.
    const warm = await proxy.waitFor(/"msg":"engine (ready|warm-up failed)"/, 400_000);
    expect(warm[1], proxy.output()).toBe('ready');
    const proxyUrl = /"msg":"listening","url":"([^"]+)"/.exec(proxy.output())?.[1];
    expect(proxyUrl, proxy.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

    const port = await freePort();
    const preview = await start(
      'npm',
      ['run', 'preview', '--', '--port', String(port), '--strictPort'],
      {
        cwd: app,
        env: { CUTOUT_PROXY_URL: proxyUrl! },
        ready: /http:\/\/127\.0\.0\.1:\d+/,
        timeoutMs: 60_000,
      },
    );
    const { requested, iou } = await dropPhoto(browser!, `http://127.0.0.1:${port}`);
    console.info(`[examples] vite-react cutout IoU with the truth: ${iou.toFixed(3)}`);
    const loaded = requested.filter((p) => p.startsWith('/assets/')).map((p) => p.slice(8));
    console.info(`[examples] vite-react chunks loaded: ${loaded.join(', ')}`);
    expect(iou).toBeGreaterThan(0.9);
    expect(requested).toContain('/api/cutout/v1/open/remove_bg');
    // Emitted, but an app that renders no inspector, slider or batch list never loads them,
    // and a photo under 1 MP is analysed without the worker.
    expect(chunks.some((c) => c.startsWith('EdgeInspectorView'))).toBe(true);
    expect(
      requested.filter((p) =>
        /EdgeInspectorView|CompareSliderView|CutoutBatchList|edgeWorker/.test(p),
      ),
    ).toEqual([]);
    await preview.close();
    await proxy.close();
  });

  it('next-app: next build, next start -H 127.0.0.1, the proxy as a route handler with onnxEngine()', async () => {
    const app = join(dir, 'next-app');
    await mustRun('npm', ['run', 'build'], app, 600_000);
    const port = await freePort();
    const next = await start('npm', ['run', 'start', '--', '-p', String(port)], {
      cwd: app,
      ready: /Ready in/,
      timeoutMs: 60_000,
    });
    // onnxEngine() loads the model on the route's first request; prime it as a deploy's
    // smoke test would, so the browser's upload does not wait for it on a loaded machine.
    await primeRoute(`http://127.0.0.1:${port}/api/cutout/v1/open/remove_bg`, 400_000);
    const { requested, iou } = await dropPhoto(browser!, `http://127.0.0.1:${port}`);
    console.info(`[examples] next-app cutout IoU with the truth: ${iou.toFixed(3)}`);
    expect(iou).toBeGreaterThan(0.9);
    expect(requested).toContain('/api/cutout/v1/open/remove_bg');
    expect(next.output()).not.toMatch(/Cannot load the background-removal model/);
    await next.close();
  });
});
