import type { CutoutEngine, EngineRequestOptions } from '@cutout/core';
import { syntheticCutoutPixels } from '@cutout/testing/msw';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCutoutHandler } from './createCutoutHandler';
import { BASE } from './testing/requests';

// The local engine's hand-over (issue 12, speed): with output options the proxy asks for raw
// pixels and composes them as they are; an engine that has only a PNG still works.
const W = 900;
const H = 700;
let rgba: Uint8Array;
let cutoutPng: Uint8Array;
let photo: Uint8Array;
beforeAll(async () => {
  rgba = new Uint8Array(syntheticCutoutPixels({ width: W, height: H }));
  cutoutPng = new Uint8Array(
    await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer(),
  );
  photo = new Uint8Array(
    await sharp({ create: { width: W, height: H, channels: 3, background: '#3080c0' } })
      .jpeg()
      .toBuffer(),
  );
});

// The PNG path decodes only the subject's box when cropping: every crop case below also
// checks that it composes exactly what the whole cutout gives.

/**
 * An engine with the cutout both ways, as the local one: raw pixels when asked (lent from
 * a buffer it overwrites once they are released), otherwise a PNG of the same pixels.
 */
function pixelEngine() {
  const seen: { asked: boolean[]; released: number } = {
    asked: [],
    released: 0,
  };
  const engine: CutoutEngine = {
    name: 'pixels',
    async removeBackground(input, request: EngineRequestOptions) {
      // Reads the upload to its end, as an engine does (fields after the file come in then).
      if (input.type === 'image' && !(input.data instanceof Uint8Array)) {
        await new Response(input.data).arrayBuffer();
      }
      seen.asked.push(request.pixels === true);
      if (!request.pixels) return { png: cutoutPng, width: W, height: H };
      const lent = rgba.slice();
      let released = false;
      return {
        pixels: {
          data: lent,
          width: W,
          height: H,
          release() {
            if (released) return;
            released = true;
            seen.released++;
            // The engine's next image overwrites its working memory.
            lent.fill(7);
          },
        },
        width: W,
        height: H,
      };
    },
  };
  return { engine, seen };
}

function post(query: string) {
  const form = new FormData();
  form.set('image', new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'p.jpg');
  return new Request(`${BASE}/v1/open/remove_bg${query}`, {
    method: 'POST',
    body: form,
    headers: { accept: 'image/*' },
  });
}

describe('output composition from the engine’s raw pixels', () => {
  test.each([
    ['amazon', '?preset=amazon'],
    ['square with shadow on grey', '?preset=square&add_shadow=true&bg_color=%23808080'],
    ['trimmed', '?preset=trimmed'],
    ['matte', '?channels=alpha&output_size=500'],
    ['matte of the subject box', '?channels=alpha&crop=true'],
    [
      'crop, px and % margins, shadow, off-centre',
      '?crop=true&crop_margin=8px%204%25&add_shadow=true&position=20%25%2080%25&output_size=700',
    ],
  ])('%s: pixels asked for, released once, same bytes as from the PNG', async (_, query) => {
    const { engine, seen } = pixelEngine();
    const fromPixels = await createCutoutHandler({ engine })(post(query));
    expect(fromPixels.status).toBe(200);
    expect(seen.asked).toEqual([true]);
    expect(seen.released).toBe(1);
    expect(fromPixels.headers.get('server-timing')).toMatch(/compose;dur=[\d.]+;desc="pixels"/);

    // The same cutout from an engine that only has a PNG (Codia's case): decoded, then composed.
    const pngOnly: CutoutEngine = {
      name: 'png',
      removeBackground: async () => ({ png: cutoutPng, width: W, height: H }),
    };
    const fromPng = await createCutoutHandler({ engine: pngOnly })(post(query));
    expect(fromPng.headers.get('server-timing')).toMatch(/compose;dur=[\d.]+;desc="png"/);
    const a = new Uint8Array(await fromPixels.arrayBuffer());
    const b = new Uint8Array(await fromPng.arrayBuffer());
    expect(a.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  test('a plain transparent PNG is not asked for pixels and comes back as the engine made it', async () => {
    const { engine, seen } = pixelEngine();
    const res = await createCutoutHandler({ engine })(post(''));
    expect(seen.asked).toEqual([false]);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(cutoutPng))).toBe(true);
  });

  test('a bad field after the file is a 400 once the engine ran, and its pixels are released', async () => {
    const { engine, seen } = pixelEngine();
    const form = new FormData();
    form.set(
      'image',
      new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
      'p.jpg',
    );
    form.set('format', 'gif'); // after the file: only read once the engine has answered
    const res = await createCutoutHandler({ engine })(
      new Request(`${BASE}/v1/open/remove_bg?preset=square`, { method: 'POST', body: form }),
    );
    expect(res.status).toBe(400);
    expect(seen.asked).toEqual([true]);
    expect(seen.released).toBe(1);
  });

  test('malformed pixels are a transient error, and still released', async () => {
    let released = 0;
    const engine: CutoutEngine = {
      name: 'broken',
      removeBackground: async () => ({
        pixels: { data: new Uint8Array(10), width: W, height: H, release: () => released++ },
        width: W,
        height: H,
      }),
    };
    const res = await createCutoutHandler({ engine })(post('?preset=square'));
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(released).toBe(1);
  });
});
