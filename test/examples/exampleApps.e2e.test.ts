import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../e2e/findChromium';
import { dropPhoto } from './dropPhoto';
import { mustRun } from './packedExamples';
import { type Started, startProcess } from './startProcess';

/**
 * examples/vite-react and examples/next-app as a user gets them: built from the `npm pack`
 * tarballs of the workspaces (not the sources), installed in a temp dir (installPackedExamples),
 * built with their own
 * scripts, served as in production and driven in real Chromium: a photo from the dev set is
 * dropped on the dropzone, the local ONNX engine cuts it out, and the cutout must show up
 * in the page with the right alpha and no console error.
 */
const dir = inject('examplesDir');
let browser: Browser | undefined;
const running: Started[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.close()));
  await browser?.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(...args: Parameters<typeof startProcess>): Promise<Started> {
  const p = await startProcess(...args);
  running.push(p);
  return p;
}

describe('example apps from the packed packages', () => {
  it('vite-react: vite build, vite preview + `cutout serve` (local engine), a dropped photo comes back cut out', async () => {
    const app = join(dir, 'vite-react');
    const build = await mustRun('npm', ['run', 'build'], app, 240_000);
    const chunks = await readdir(join(app, 'dist/assets'));
    // Vite's own size table (raw and gzip per chunk), the figures packages/react/README.md quotes.
    const table = build.output.split('\n').filter((l) => l.includes('dist/assets/'));
    console.info(`[examples] vite-react build:\n${table.join('\n')}`);

    const proxy = await start(join(dir, 'node_modules/.bin/cutout'), ['serve'], {
      cwd: app,
      env: { PORT: '0' },
      ready: /"msg":"engine (ready|warm-up failed)"/,
      timeoutMs: 120_000,
    });
    expect(proxy.match[1], proxy.output()).toBe('ready');
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
    await mustRun('npm', ['run', 'build'], app, 420_000);
    const port = await freePort();
    const next = await start('npm', ['run', 'start', '--', '-p', String(port)], {
      cwd: app,
      ready: /Ready in/,
      timeoutMs: 60_000,
    });
    const { requested, iou } = await dropPhoto(browser!, `http://127.0.0.1:${port}`);
    console.info(`[examples] next-app cutout IoU with the truth: ${iou.toFixed(3)}`);
    expect(iou).toBeGreaterThan(0.9);
    expect(requested).toContain('/api/cutout/v1/open/remove_bg');
    expect(next.output()).not.toMatch(/Cannot load the background-removal model/);
    await next.close();
  });
});
