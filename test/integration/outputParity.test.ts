import { parseOutputOptions } from '@cutout/core/output';
import { composeOutput } from '@cutout/proxy/compose';
import { syntheticCutoutPixels } from '@cutout/testing/msw';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceAlias } from '../../vitest.shared.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/findChromium.ts';

// Issue #12: the browser preview/download and the server's file are the same picture. The
// server path (sharp decode → core's composeRaster → sharp PNG) and the export panel's path in
// real Chromium (canvas decode → the same composeRaster → canvas PNG) run on one cutout, and
// every pixel must agree within 2/255. Compared premultiplied (colour × alpha, and alpha): a
// canvas stores premultiplied pixels, so the colour of a nearly transparent pixel is rounded
// on the way in and out (invisible once composed, and not the maths).
const chromiumPath = findChromium();
const W = 1200;
const H = 900;
const TOLERANCE = 2;
let browser: Browser | undefined;
let pageScript = '';
let png: Buffer;

beforeAll(async () => {
  if (!chromiumPath) return;
  // A textured subject (gradients and 3 px stripes): resampling has something to get wrong.
  const rgba = syntheticCutoutPixels({ width: W, height: H });
  for (let i = 0, p = 0; i < rgba.length; i += 4, p++) {
    const x = p % W;
    const y = Math.floor(p / W);
    rgba[i] = (x * 255) / W;
    rgba[i + 1] = x % 6 < 3 ? 40 : 220;
    rgba[i + 2] = (y * 255) / H;
  }
  png = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
    .png()
    .toBuffer();
  const bundle = await build({
    entryPoints: [new URL('./outputParity.page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
    plugins: [
      {
        name: 'workspace-sources',
        setup(b) {
          b.onResolve({ filter: /^@cutout\// }, (args) => {
            const hit = workspaceAlias.find((a) => a.find.test(args.path));
            return hit ? { path: args.path.replace(hit.find, hit.replacement) } : undefined;
          });
        },
      },
    ],
  });
  pageScript = bundle.outputFiles[0]!.text;
  browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function rgbaOf(file: Uint8Array) {
  const { data, info } = await sharp(file)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const CASES: Record<string, Record<string, string | boolean>> = {
  // Amazon's JPEG is compared as PNG: two JPEG encoders differ by more than 2/255 on their own.
  amazon: { preset: 'amazon', format: 'png' },
  square: { preset: 'square' },
  trimmed: { preset: 'trimmed' },
  'square, grey, shadow': { preset: 'square', bg_color: '#f4f4f5', add_shadow: true },
  'long edge 900, 8px 4%': { crop: true, crop_margin: '8px 4%', output_size: '900' },
};

/** The largest premultiplied difference, /255, between the server's and the browser's file. */
async function worstDifference(
  serverOptions: Record<string, unknown>,
  browserOptions: Record<string, unknown>,
) {
  const server = await rgbaOf(
    (await composeOutput(new Uint8Array(png), parseOutputOptions(serverOptions))).bytes,
  );
  const page = await browser!.newPage();
  try {
    await page.addScriptTag({ content: pageScript });
    const b64 = await page.evaluate(
      ([p, o]) =>
        (
          globalThis as unknown as {
            composeInBrowser: (png: string, o: unknown) => Promise<string>;
          }
        ).composeInBrowser(p, o),
      [png.toString('base64'), browserOptions] as const,
    );
    const client = await rgbaOf(Buffer.from(b64, 'base64'));
    expect([client.width, client.height]).toEqual([server.width, server.height]);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < server.data.length; i += 4) {
      const sa = server.data[i + 3]!;
      const ca = client.data[i + 3]!;
      let d = Math.abs(sa - ca);
      for (let c = 0; c < 3; c++) {
        d = Math.max(d, Math.abs((server.data[i + c]! * sa - client.data[i + c]! * ca) / 255));
      }
      if (d > worst) {
        worst = d;
        at = i / 4;
      }
    }
    return { worst, x: at % server.width, y: Math.floor(at / server.width), ...server };
  } finally {
    await page.close();
  }
}

describe.skipIf(!chromiumPath)('server and browser composition agree within 2/255', () => {
  for (const [name, options] of Object.entries(CASES)) {
    it(name, async () => {
      const r = await worstDifference(options, options);
      console.log(
        `[parity] ${name}: ${r.width}×${r.height}, worst premultiplied difference ${r.worst.toFixed(2)}/255 at (${r.x}, ${r.y})`,
      );
      expect(r.worst).toBeLessThanOrEqual(TOLERANCE);
    }, 120_000);
  }

  it('and the comparison sees a real difference (a shadow only in the browser)', async () => {
    const r = await worstDifference(
      { preset: 'square', bg_color: '#f4f4f5' },
      { preset: 'square', bg_color: '#f4f4f5', add_shadow: true },
    );
    expect(r.worst).toBeGreaterThan(20);
  }, 120_000);
});
