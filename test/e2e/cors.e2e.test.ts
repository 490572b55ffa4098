import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CutoutEngine } from '@cutout/core';
import { createCutoutHandler, type RequestLogEntry } from '@cutout/proxy';
import { toNodeListener } from '@cutout/proxy/node';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './findChromium';

const coreSource = fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url));

let browser: Browser | undefined;
let page: Server | undefined;
let proxy: Server | undefined;
const logs: RequestLogEntry[] = [];
let pageOrigin = '';
let proxyOrigin = '';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Never reached: the origin check answers first. */
const unreachableEngine: CutoutEngine = {
  name: 'unreachable',
  async removeBackground() {
    throw new Error('the engine must not be called for a refused origin');
  },
};

beforeAll(async () => {
  // Core as a browser app bundles it, on a page of one origin; the proxy on another origin,
  // allowing only a third: every request of the page is refused by CORS.
  const bundle = await build({
    stdin: {
      contents: `import { createCutoutClient } from '@cutout/core'; window.createCutoutClient = createCutoutClient;`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    alias: { '@cutout/core': coreSource },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  page = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><title>app</title><script type="module" src="/app.js"></script>');
    }
  });
  pageOrigin = await listen(page);
  const handler = createCutoutHandler({
    engine: unreachableEngine,
    allowedOrigins: ['https://admin.example'],
    onLog: (entry) => logs.push(entry),
  });
  proxy = createServer(toNodeListener(handler));
  proxyOrigin = await listen(proxy);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  proxy?.closeAllConnections();
  page?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await new Promise((r) => page?.close(r));
});

it('a CORS refusal is reported as one (reason cors-refused), not retried, not "could not reach"', async () => {
  const tab = await browser!.newPage();
  await tab.goto(pageOrigin);
  await tab.waitForFunction(() => 'createCutoutClient' in window);
  const started = Date.now();
  const error = await tab.evaluate(async (endpoint) => {
    const canvas = new OffscreenCanvas(600, 450);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c87828';
    ctx.fillRect(0, 0, 600, 450);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, set by the page script
    const client = (window as any).createCutoutClient({ endpoint });
    try {
      await client.removeBackground(png);
      return undefined;
    } catch (e) {
      const err = e as { kind: string; reason?: string; retryable: boolean; message: string };
      return { kind: err.kind, reason: err.reason, retryable: err.retryable, message: err.message };
    }
  }, proxyOrigin);
  expect(error).toMatchObject({ kind: 'network', reason: 'cors-refused', retryable: false });
  expect(error?.message).toContain('CORS');
  expect(error?.message).toContain(pageOrigin);
  // One try: the browser's preflight (upload progress listeners make the POST non-simple)
  // was refused once and the POST never sent, not four tries with backoff; the two probe
  // GETs are how the client told CORS from an unreachable server.
  expect(logs.map((l) => l.method).sort()).toEqual(['GET', 'GET', 'OPTIONS']);
  expect(Date.now() - started).toBeLessThan(10_000);
  await tab.close();
});
