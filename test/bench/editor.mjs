#!/usr/bin/env node
// CutoutEditor at 12 MP in real Chromium (issue #13): opening without long tasks, and
// pointer-move → painted-frame latency of brush strokes (medians), plus undo history bytes
// per stroke. The page (test/bench/_editorPage.jsx) bundles the built @cutout/react (dist)
// with esbuild, as an app would; Playwright drives Debian's Chromium with real mouse input.
// `npm run bench -- editor`.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const executablePath = chromiumPath();
const args = CHROMIUM_ARGS;

const bundle = await build({
  // The editor's decode worker, served where `new URL('./decodeWorker.js', import.meta.url)`
  // points from the page's bundle (esbuild leaves that URL as it is; Vite and webpack bundle it).
  entryPoints: [
    join(here, '_editorPage.jsx'),
    ...[join(root, 'node_modules/@cutout/react/dist/decodeWorker.js')].filter((f) => existsSync(f)),
  ],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  jsx: 'automatic',
  write: false,
  outdir: join(root, 'node_modules/.cache/bench-editor'),
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfigRaw: {},
  logLevel: 'error',
});
const files = new Map(bundle.outputFiles.map((f) => [`/${f.path.split('/').pop()}`, f.contents]));
const html = `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/styles.css"><div id="root" style="width:1200px"></div><script type="module" src="/_editorPage.js"></script>`;
const css = await import('node:fs').then((fs) =>
  fs.readFileSync(join(root, 'packages/react/src/styles.css')),
);
const server = createServer((req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  if (req.url === '/styles.css') return res.writeHead(200, { 'content-type': 'text/css' }).end(css);
  const body = files.get(req.url ?? '');
  if (!body) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, q) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const browser = await chromium.launch({ executablePath, args });
const timer = setTimeout(() => {
  console.error('editor bench: over 10 minutes, giving up');
  process.exit(1);
}, 600_000);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.bench !== undefined);
  if (process.env.BENCH_TRACE)
    await browser.startTracing(page, {
      path: process.env.BENCH_TRACE,
      categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'],
    });
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const opened = await page.evaluate(() => window.bench.open());
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
  }
  if (process.env.BENCH_TRACE) await browser.stopTracing();
  const over100 = opened.longTasks.filter((ms) => ms > 100);
  console.log(
    `12 MP (4000×3000) JPEG original + PNG cutout, Chromium ${browser.version()} headless, software rendering`,
  );
  console.log('');
  console.log('| opening | figure |');
  console.log('|---|---|');
  console.log(`| render → ready (decode both, first paint) | ${opened.openMs.toFixed(0)} ms |`);
  console.log(`| long tasks (> 50 ms) while opening | ${opened.longTasks.length} |`);
  console.log(
    `| longest task while opening | ${opened.longTasks.length ? Math.max(...opened.longTasks).toFixed(0) : '< 50'} ms |`,
  );
  console.log(`| tasks over 100 ms | ${over100.length} |`);

  // What a user sees once it is open (fit): BENCH_SCREENSHOT=file.png.
  if (process.env.BENCH_SCREENSHOT) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
  }
  const box = await page.locator('canvas[data-cutout-editor-canvas]').boundingBox();
  const viewport = page.locator('.cutout-editor__viewport');
  const rows = [];
  // Two pacings of the same 120-move stroke. "clock": a move every 16.7 ms of wall time, as a
  // 60 Hz mouse that knows nothing of the display's frames (Chromium dispatches moves at the
  // next frame, so the wait before the handler falls anywhere in 0–16.7 ms). "frame": each
  // move sent just after the page's rAF, as before: every move waits almost a whole frame
  // before it is dispatched, the worst phase.
  const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  for (const [label, zoomKey, size, paint] of [
    ['fit, pointer hover only (no painting): the floor', null, 40, false],
    ['fit (25 %), 40 px brush', null, 40],
    ['fit (25 %), 300 px brush', null, 300],
    ['100 %, 40 px brush', '1', 40],
    ['100 %, 150 px brush', '1', 150],
  ]) {
    const row = { label };
    for (const pacing of ['clock', 'frame']) {
      await viewport.focus();
      await page.keyboard.press('0');
      if (zoomKey) await page.keyboard.press(zoomKey);
      await page.waitForTimeout(200);
      const slider = page.getByRole('slider', { name: 'Brush size' });
      await slider.fill(String(size));
      const vb = await viewport.boundingBox();
      const cx = vb.x + vb.width / 2;
      const cy = vb.y + vb.height / 2 + (pacing === 'clock' ? -60 : 60);
      await page.evaluate(() => window.bench.startMeasuring());
      await page.mouse.move(cx - 200, cy);
      if (paint !== false) await page.mouse.down();
      const t0 = performance.now();
      for (let i = 0; i < 120; i++) {
        await page.mouse.move(cx - 200 + (i * 400) / 120, cy + 40 * Math.sin(i / 10));
        if (pacing === 'clock') await sleep(t0 + ((i + 1) * 1000) / 60 - performance.now());
        else await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      }
      if (paint !== false) await page.mouse.up();
      await page.waitForTimeout(100);
      const lat = await page.evaluate(() => window.bench.stopMeasuring());
      const m = (k) => median(lat.map((l) => l[k]));
      row[pacing] = {
        n: lat.length,
        median: m('total'),
        p95: pct(
          lat.map((l) => l.total),
          0.95,
        ),
        parts: `${m('queued').toFixed(1)} / ${m('toRaf').toFixed(1)} / ${m('frame').toFixed(1)}`,
      };
    }
    rows.push(row);
  }
  void box;
  console.log('');
  console.log(
    '| stroke (120 moves, 60 Hz) | moves | → painted frame, median (60 Hz clock) | p95 | median parts: event → handler / handler (paint) → rAF / rAF → frame done | median, moves sent after a frame (worst phase) | its parts |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { label, clock: c, frame: f } of rows) {
    console.log(
      `| ${label} | ${c.n} | **${c.median.toFixed(1)} ms** | ${c.p95.toFixed(1)} ms | ${c.parts} ms | ${f.median.toFixed(1)} ms | ${f.parts} ms |`,
    );
  }

  const history = await page.evaluate(() => window.bench.history());
  console.log('');
  console.log(
    `| undo step | history bytes | vs a full mask copy (${(history.fullCopy / 2 ** 20).toFixed(1)} MiB) | undo time | undo → redo exact |`,
  );
  console.log('|---|---|---|---|---|');
  for (const r of history.rows) {
    console.log(
      `| ${r.size} px brush, ${r.length} px stroke | ${(r.bytes / 2 ** 10).toFixed(0)} KiB | ${((100 * r.bytes) / history.fullCopy).toFixed(1)} % | ${r.undoMs.toFixed(1)} ms | ${r.exact} |`,
    );
  }
} finally {
  clearTimeout(timer);
  await browser.close();
  server.close();
}
