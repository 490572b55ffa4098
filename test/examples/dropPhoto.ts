import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** A physically rendered photo from the dev set, with its exact alpha. */
export const PHOTO = join(root, 'test/devset/cases/mug--paper.jpg');
const TRUTH = join(root, 'test/devset/subjects/mug/alpha.png');
const STEP = 4; // alpha compared on every 4th pixel of every 4th row

export interface DropResult {
  /** Paths the page requested, in order. */
  requested: string[];
  /** Intersection over union of the cutout's alpha and the ground truth (both > 50 %). */
  iou: number;
}

/**
 * Opens an example app, drops the photo onto its dropzone the way a browser does (dragenter,
 * dragover, drop with a DataTransfer holding the file), waits for the cutout to appear in
 * the page (the preview's <img> loaded), reads its pixels there and compares its alpha with
 * the dev set's truth. Fails on any console error or uncaught page error.
 */
export async function dropPhoto(browser: Browser, origin: string): Promise<DropResult> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  try {
    await page.goto(origin);
    await page.getByRole('heading', { name: 'Product images' }).waitFor();
    const bytes = await readFile(PHOTO);
    const dataTransfer = await page.evaluateHandle(
      ({ b64, name }) => {
        const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([raw], name, { type: 'image/jpeg' }));
        return dt;
      },
      { b64: bytes.toString('base64'), name: basename(PHOTO) },
    );
    const target = page.locator('.cutout-dropzone__target');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await target.dispatchEvent(type, { dataTransfer });
    }
    const dropzone = page.locator('.cutout-dropzone');
    await expect
      .poll(() => dropzone.getAttribute('data-state'), { timeout: 180_000, interval: 250 })
      .toMatch(/^(done|error)$/);
    expect(
      await dropzone.getAttribute('data-state'),
      `dropzone ended in error: ${await dropzone.textContent()}`,
    ).toBe('done');

    const img = page.locator('.cutout-dropzone__result img[alt="Product"]');
    await expect.poll(() => img.count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), {
        timeout: 30_000,
      })
      .toBe(1152);
    const alpha = await img.evaluate(async (el: HTMLImageElement, step) => {
      const bitmap = await createImageBitmap(await (await fetch(el.src)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      const out: number[] = [];
      for (let y = 0; y < bitmap.height; y += step)
        for (let x = 0; x < bitmap.width; x += step)
          out.push(data[(y * bitmap.width + x) * 4 + 3]!);
      return { width: bitmap.width, height: bitmap.height, out };
    }, STEP);
    expect([alpha.width, alpha.height]).toEqual([1152, 864]);
    // The preview's edge review runs after the image loads: let it finish, so an error it
    // logs is caught too.
    await expect
      .poll(() => page.locator('.cutout-preview').getAttribute('data-analysis'), {
        timeout: 60_000,
      })
      .toMatch(/^(done|unavailable)$/);
    expect(errors).toEqual([]);
    return { requested, iou: await iouWithTruth(alpha.out, alpha.width, alpha.height) };
  } finally {
    await page.close();
  }
}

async function iouWithTruth(alpha: number[], width: number, height: number): Promise<number> {
  const { data, info } = await sharp(TRUTH)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  let both = 0;
  let either = 0;
  let i = 0;
  for (let y = 0; y < height; y += STEP) {
    for (let x = 0; x < width; x += STEP) {
      const a = alpha[i++]! > 127;
      const t = data[y * width + x]! > 127;
      if (a && t) both++;
      if (a || t) either++;
    }
  }
  return both / either;
}
