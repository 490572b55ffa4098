import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onnxEngine } from '@cutout/engine-onnx';
import { createCutoutHandler } from '@cutout/proxy';
import { toNodeListener } from '@cutout/proxy/node';
import { makeTestImage } from '@cutout/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './findChromium';
import { type DemoServer, startDemoServer } from './startDemoServer';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'test/artifacts');
const DEMO_STORY = 'demo-product-image-manager--live';

let outDir: string;
let server: DemoServer | undefined;
let browser: Browser | undefined;
let engine: ReturnType<typeof onnxEngine> | undefined;

beforeAll(async () => {
  // A real `storybook build` (test mode: no docs, same stories), served with the real proxy
  // and the local ONNX engine mounted under /v1 on the same origin, as `npm start` does.
  outDir = await mkdtemp(join(tmpdir(), 'cutout-e2e-storybook-'));
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/storybook/dist/bin/dispatcher.js'),
      'build',
      '--test',
      '--quiet',
      '--output-dir',
      outDir,
    ],
    { cwd: root, encoding: 'utf8', timeout: 240_000 },
  );
  if (build.status !== 0)
    throw new Error(`storybook build failed:\n${build.stdout}${build.stderr}`);

  engine = onnxEngine();
  const handler = createCutoutHandler({ engine });
  server = await startDemoServer(outDir, toNodeListener(handler));
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await engine?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

it('drops a product photo on the live demo and gets a real cutout back from the local engine', async () => {
  const photo = await makeTestImage({
    width: 900,
    height: 700,
    texture: 'gradient',
    subject: { shape: 'bottle', scale: 0.6 },
  });
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(`${server!.origin}/iframe.html?id=${DEMO_STORY}&viewMode=story`);
  await page.getByRole('heading', { name: /product images/i }).waitFor();
  await page
    .locator('[data-testid="demo-dropzone"] input[type="file"]')
    .setInputFiles({ name: 'red-bottle.jpg', mimeType: 'image/jpeg', buffer: photo });

  const row = page.locator('[data-testid="queue-item"]', { hasText: 'red-bottle.jpg' });
  // Wait for the item to end either way, then say why when it did not succeed.
  await expect
    .poll(async () => row.getAttribute('data-state'), { timeout: 120_000, interval: 250 })
    .toMatch(/^(done|failed|skipped)$/);
  expect(await row.getAttribute('data-state'), (await row.textContent()) ?? undefined).toBe('done');

  const download = page.getByRole('link', { name: /download .*red-bottle/i }).first();
  const href = await download.getAttribute('href');
  expect(href).toMatch(/^blob:/);

  // Read the result's pixels in the page, as a user's canvas code would.
  const pixels = await page.evaluate(async (url) => {
    const bitmap = await createImageBitmap(await (await fetch(url)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const alphaAt = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[3]!;
    const w = bitmap.width;
    const h = bitmap.height;
    return {
      width: w,
      height: h,
      corners: [alphaAt(2, 2), alphaAt(w - 3, 2), alphaAt(2, h - 3), alphaAt(w - 3, h - 3)],
      centre: alphaAt(Math.floor(w / 2), Math.floor(h / 2)),
    };
  }, href!);

  expect(pixels.width).toBe(900);
  expect(pixels.height).toBe(700);
  for (const alpha of pixels.corners) expect(alpha).toBeLessThan(8);
  expect(pixels.centre).toBeGreaterThan(247);

  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'e2e-product-image-manager.png'), fullPage: true });

  // The Edit tab opens the editor on the engine's real cutout (same size as the photo): a
  // stroke of the default Erase brush across the middle clears it in the PNG the header's
  // download then gives.
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.locator('.cutout-editor[data-state="ready"]').waitFor({ timeout: 60_000 });
  // Through the middle of the image as drawn (wherever the view has panned it).
  // The stage is the image as drawn (the canvas is the viewport's size).
  const box = (await page.locator('.cutout-editor__stage').boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx - 30, cy);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(cx - 30 + i * 5, cy);
  await page.mouse.up();
  const header = page.locator('.pim-workspace__head a[data-edited]');
  await header.waitFor({ timeout: 30_000 });
  const editedCentre = await page.evaluate(
    async (url) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(
        Math.floor(bitmap.width / 2),
        Math.floor(bitmap.height / 2),
        1,
        1,
      );
      return { width: bitmap.width, height: bitmap.height, alpha: data[3] };
    },
    (await header.getAttribute('href'))!,
  );
  expect(editedCentre).toEqual({ width: 900, height: 700, alpha: 0 });
  expect(pageErrors).toEqual([]);
  await page.close();
});
