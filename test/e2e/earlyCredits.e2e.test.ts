import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codiaEngine, createCutoutHandler } from '@cutout/proxy';
import { toNodeListener } from '@cutout/proxy/node';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './findChromium';
import { type DemoServer, startDemoServer } from './startDemoServer';

// Issue 14 item 1 on the browser transport (XHR), in real Chromium, with an account that is
// out of credits: the upstream answers 402 before reading the upload, then the connection is
// reset by the upload still coming in (the fake's 'credits-reset', as a load balancer in front
// of the service does). Browsers meet it through our proxy (same origin, as an app mounts
// it), which must pass the 402 on and end the browser's upload with it. The page's client
// uploads a photo of several MB; Chromium must come out with `kind: 'credits'`, never a
// network failure retried into something else, on a fresh connection and on one a previous
// call left open. (Met directly, a status line followed by a reset before the body reaches
// no page at all: Chromium reports a network error without the status, so what protects
// browsers is the proxy answering cleanly.)
const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let fake: FakeCodia;
let server: DemoServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-early402-'));
  // The real core client, bundled from its sources for the browser.
  await build({
    entryPoints: [join(root, 'packages/core/src/index.ts')],
    outfile: join(dir, 'core.js'),
    bundle: true,
    format: 'iife',
    globalName: 'CutoutCore',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  // Big enough that the upload is far from done when the refusal comes back.
  const photo = await makeTestImage({ width: 3000, height: 2400, texture: 'noise', quality: 100 });
  const small = await makeTestImage({ width: 800, height: 600 });
  fake = await startFakeCodia({ apiKey: 'sk-browser-402' });

  // One origin serving the page and, under /v1, the proxy.
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>early 402</title><script src="/core.js"></script>',
  );
  await writeFile(join(dir, 'photo.jpg'), photo);
  await writeFile(join(dir, 'small.jpg'), small);
  const handler = createCutoutHandler({
    engine: codiaEngine({ apiKey: fake.apiKey, baseUrl: fake.url }),
  });
  server = await startDemoServer(dir, toNodeListener(handler));
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.exposeFunction('setUpstream', (s: 'success' | 'credits-reset') => fake.setScenario(s));
  await page.goto(`${server.origin}/`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const UPLINK = 512 * 1024; // bytes/s of the 'slow uplink' case (Chromium's own throttling)

it.each([
  ['a fresh', false],
  ['a reused keep-alive', true],
  // The refusal must come back while most of the photo is still unsent, not only on loopback.
  ['a slow uplink', 'slow'],
] as const)(
  'an early 402 whose upload is cut off is `credits` in Chromium, on %s connection',
  async (_, mode) => {
    const reuse = mode === true;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: mode === 'slow' ? 20 : 0,
      downloadThroughput: -1,
      uploadThroughput: mode === 'slow' ? UPLINK : -1,
    });
    const outcomes = await page.evaluate(
      async ({ reuse, rounds }) => {
        const w = window as unknown as {
          CutoutCore: typeof import('@cutout/core');
          setUpstream(s: string): Promise<void>;
        };
        const photo = await (await fetch('/photo.jpg')).blob();
        // A success before each refusal when reusing, to leave a keep-alive connection open.
        const small = await (await fetch('/small.jpg')).blob();
        const client = w.CutoutCore.createCutoutClient({
          endpoint: location.origin,
          retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
        });
        const seen: Array<{ kind?: string; status?: number; ok?: boolean; ms: number }> = [];
        for (let i = 0; i < rounds; i++) {
          if (reuse) {
            await w.setUpstream('success');
            await client.removeBackground(small);
          }
          await w.setUpstream('credits-reset');
          const started = performance.now();
          try {
            await client.removeBackground(photo);
            seen.push({ ok: true, ms: performance.now() - started });
          } catch (error) {
            const e = error as { kind?: string; status?: number };
            seen.push({ kind: e.kind, status: e.status, ms: performance.now() - started });
          }
        }
        return { seen, bytes: photo.size };
      },
      { reuse, rounds: 4 },
    );
    expect(outcomes.seen).toEqual(
      Array(4).fill({ kind: 'credits', status: 402, ms: expect.any(Number) }),
    );
    if (mode === 'slow') {
      // The whole photo takes bytes / UPLINK seconds to send (about 7 s): each refusal came
      // back well before, with the upload cut short.
      const fullUploadMs = (outcomes.bytes / UPLINK) * 1000;
      expect(Math.max(...outcomes.seen.map((o) => o.ms))).toBeLessThan(fullUploadMs / 2);
    }
    await cdp.detach();
  },
);
