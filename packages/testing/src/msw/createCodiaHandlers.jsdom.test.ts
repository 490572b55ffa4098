// @vitest-environment jsdom
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestImage } from '../node/makeTestImage';
import { createCodiaMock } from './createCodiaHandlers';

const mock = createCodiaMock();
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('answers same-origin relative routes in jsdom, as a React test calls our proxy', async () => {
  const png = await makeTestImage({ width: 500, height: 420, format: 'png' });
  const form = new FormData();
  form.set('image', new File([png], 'product.png', { type: 'image/png' }));
  const response = await fetch('/v1/open/remove_bg', { method: 'POST', body: form });
  const body = await response.json();
  expect(body).toMatchObject({
    code: 0,
    data: { image_url: expect.stringMatching(/^\/v1\/results\//) },
  });
  const result = await fetch(body.data.image_url);
  expect(result.headers.get('content-type')).toBe('image/png');
  const bytes = new Uint8Array(await result.arrayBuffer());
  // PNG signature, then IHDR with the input's width and height.
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  expect([view.getUint32(16), view.getUint32(20), bytes[25]]).toEqual([500, 420, 6]);
  expect(await (await fetch('/healthz')).json()).toMatchObject({ status: 'ok' });
  expect(mock.stats.successes).toBe(1);
});
