import { type CodiaHandlersOptions, type CodiaMock, createCodiaMock } from '@cutout/testing/msw';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { MswParameters } from '../../.storybook/mswLoader';
import { makeProductPhoto } from './productPhotos';

/**
 * `parameters` for a story whose requests @cutout/testing's MSW handlers answer, with the
 * mock to script and inspect from `beforeEach` and `play`.
 */
export function mocked(
  options: CodiaHandlersOptions = {},
  extra: RequestHandler[] = [],
): { mock: CodiaMock; parameters: { msw: MswParameters } } {
  const mock = createCodiaMock(options);
  return { mock, parameters: { msw: { handlers: [...extra, ...mock.handlers] } } };
}

/** A remote shop whose `/images/<product>.jpg` exist and everything else is a 404. */
export const SHOP = 'https://shop.example';
export const shopImages: RequestHandler[] = [
  http.get(`${SHOP}/images/:file`, async ({ params }) => {
    const product = String(params.file).replace(/\.jpe?g$/, '');
    if (!['mug', 'bottle', 'sneaker', 'lamp'].includes(product)) {
      return new HttpResponse('Not found', { status: 404 });
    }
    const photo = await makeProductPhoto({ product: product as 'mug' });
    return new HttpResponse(await photo.arrayBuffer(), {
      headers: { 'content-type': 'image/jpeg' },
    });
  }),
];
