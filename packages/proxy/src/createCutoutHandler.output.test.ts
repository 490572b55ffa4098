import type { CutoutEngine } from '@cutout/core';
import { syntheticCutoutPixels } from '@cutout/testing/msw';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCutoutHandler } from './createCutoutHandler';
import { keyOutEngine } from './testing/keyOutEngine';
import { BASE, jsonRequest, multipartRequest } from './testing/requests';

const W = 800;
const H = 600;
let cutoutPng: Uint8Array;
let photo: Uint8Array;
let backdrop: Uint8Array;
beforeAll(async () => {
  const rgba = syntheticCutoutPixels({ width: W, height: H });
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
  backdrop = new Uint8Array(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#20a040' } })
      .png()
      .toBuffer(),
  );
});

/** An engine that answers a known cutout and counts its calls (each would spend a credit). */
function cutoutEngine(): CutoutEngine & { calls: number } {
  const engine = {
    name: 'fixed',
    calls: 0,
    async removeBackground() {
      engine.calls++;
      return { png: cutoutPng, width: W, height: H };
    },
  };
  return engine;
}

function withFields(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  query = '',
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('image', new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'p.jpg');
  return new Request(`${BASE}/v1/open/remove_bg${query}`, { method: 'POST', body: form, headers });
}

async function meta(res: Response) {
  return sharp(new Uint8Array(await res.arrayBuffer())).metadata();
}

describe('output options on POST /v1/open/remove_bg', () => {
  test('multipart fields: Accept image/* answers the composed JPEG inline', async () => {
    const handler = createCutoutHandler({ engine: cutoutEngine() });
    const res = await handler(withFields({ preset: 'amazon' }, { accept: 'image/*' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-cutout-width')).toBe('2000');
    expect(res.headers.get('server-timing')).toMatch(/compose;dur=/);
    const m = await meta(res);
    expect([m.format, m.width, m.height]).toEqual(['jpeg', 2000, 2000]);
  });

  test('query parameters, and Accept naming the output type itself', async () => {
    const handler = createCutoutHandler({ engine: cutoutEngine() });
    const res = await handler(
      multipartRequest(photo, {
        path: '/v1/open/remove_bg?format=webp&crop=true',
        headers: { accept: 'image/webp' },
      }),
    );
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect((await meta(res)).format).toBe('webp');
  });

  test('Accept image/png with a JPEG output gets the JSON answer, and the URL serves image/jpeg', async () => {
    const handler = createCutoutHandler({ engine: cutoutEngine() });
    const res = await handler(
      withFields({ format: 'jpg' }, { accept: 'image/png, application/json' }),
    );
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { data: { image_url: string } };
    const img = await handler(new Request(body.data.image_url));
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect((await meta(img)).format).toBe('jpeg');
  });

  test('JSON keys beside image_url, through a real local engine and the URL guard', async () => {
    const engine = keyOutEngine();
    const handler = createCutoutHandler({
      engine,
      fetchImage: async (url) => (url.endsWith('/bg.png') ? backdrop : photo),
    });
    const res = await handler(
      jsonRequest(
        {
          image_url: 'https://images.example/p.jpg',
          output_size: '400x400',
          bg_image_url: 'https://images.example/bg.png',
          channels: 'rgba',
        },
        { accept: 'image/*' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const { data, info } = await sharp(new Uint8Array(await res.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([400, 400]);
    // The corner shows the green backdrop, cover-fitted.
    expect([data[0], data[1], data[2]]).toEqual([0x20, 0xa0, 0x40]);
  });

  test.each([
    [
      'query',
      () => multipartRequest(new Uint8Array(10), { path: '/v1/open/remove_bg?crop=maybe' }),
    ],
    ['multipart', () => withFields({ output_size: '99999x1' })],
    ['json', () => jsonRequest({ image_url: 'https://x.example/a.jpg', format: 'gif' })],
  ])('a bad %s value is 400 / 40010 naming the option, and no engine call', async (_, make) => {
    const engine = cutoutEngine();
    const handler = createCutoutHandler({ engine, fetchImage: async () => photo });
    const res = await handler(make());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(40010);
    expect(body.message).toMatch(/crop|output_size|format/);
    expect(body.message).toMatch(/expected/);
    expect(engine.calls).toBe(0);
  });

  test('an output over maxPixels is 413 / 40011 before the engine runs', async () => {
    const engine = cutoutEngine();
    const handler = createCutoutHandler({ engine, limits: { maxPixels: 3_000_000 } });
    const res = await handler(withFields({ output_size: '2000x2000' }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: number }).code).toBe(40011);
    const margins = await handler(withFields({ crop_margin: '100%' }));
    expect(margins.status).toBe(413);
    expect(engine.calls).toBe(0);
  });

  test('a bg_image_url the guard refuses is 400 / 40010 and spends no engine call', async () => {
    const engine = cutoutEngine();
    const handler = createCutoutHandler({ engine });
    const res = await handler(withFields({ bg_image_url: 'http://127.0.0.1:1/bg.png' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(40010);
    expect(body.message).toMatch(/^bg_image_url could not be used: .*private, loopback/);
    expect(engine.calls).toBe(0);
  });

  test('without options the engine PNG goes out untouched', async () => {
    const handler = createCutoutHandler({ engine: cutoutEngine() });
    const res = await handler(withFields({ crop: 'false' }, { accept: 'image/png' }));
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(cutoutPng))).toBe(true);
  });
});
