import { type CutoutEngine, CutoutError } from '@cutout/core';
import { keyOutBackground } from '@cutout/testing';

/**
 * A small real local engine for tests (not exported): it decodes the image with sharp and
 * keys out the border colour (the fake upstream's matting), so local-engine mode runs the
 * real path — bytes or a URL fetched through the proxy's SSRF guard, a real PNG out.
 */
export function keyOutEngine(): CutoutEngine & { urlsFetched: string[] } {
  const urlsFetched: string[] = [];
  return {
    name: 'keyout',
    urlsFetched,
    async removeBackground(input, { signal, fetchImage }) {
      let bytes: Uint8Array;
      if (input.type === 'url') {
        if (!fetchImage) throw new Error('keyOutEngine needs fetchImage for URLs');
        urlsFetched.push(input.url);
        bytes = await fetchImage(input.url, signal);
      } else if (input.data instanceof Uint8Array) {
        bytes = input.data;
      } else {
        bytes = new Uint8Array(await new Response(input.data).arrayBuffer());
      }
      signal.throwIfAborted();
      try {
        const cut = await keyOutBackground(bytes);
        return { png: new Uint8Array(cut.png), width: cut.width, height: cut.height };
      } catch (cause) {
        throw new CutoutError('input', 'The image could not be decoded.', {
          reason: 'undecodable',
          code: 40002,
          cause,
        });
      }
    },
  };
}
