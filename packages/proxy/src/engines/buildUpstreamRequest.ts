import type { EngineInput } from '@cutout/core';
import type { ReplayableBody } from './createReplayableBody';

/**
 * The upstream request body for an input: JSON for a URL; multipart (field `image`) for an
 * image, one buffer when the image is in memory, else a stream over the replayable body.
 */
export function buildRequest(
  input: EngineInput,
  body: ReplayableBody | undefined,
): { headers: Record<string, string>; body: Uint8Array | ReadableStream<Uint8Array> } {
  if (input.type === 'url') {
    return {
      headers: { 'Content-Type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify({ image_url: input.url })),
    };
  }
  const boundary = `----cutout${crypto.randomUUID().replace(/-/g, '')}`;
  const filename = (input.filename ?? `image.${input.format === 'jpeg' ? 'jpg' : input.format}`)
    .replace(/["\r\n\\]/g, '_')
    .slice(0, 200);
  const enc = new TextEncoder();
  const head = enc.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${filename}"\r\nContent-Type: image/${input.format}\r\n\r\n`,
  );
  const tail = enc.encode(`\r\n--${boundary}--\r\n`);
  const headers: Record<string, string> = {
    'Content-Type': `multipart/form-data; boundary=${boundary}`,
  };
  if (input.data instanceof Uint8Array) {
    const all = new Uint8Array(head.byteLength + input.data.byteLength + tail.byteLength);
    all.set(head, 0);
    all.set(input.data, head.byteLength);
    all.set(tail, head.byteLength + input.data.byteLength);
    return { headers: { ...headers, 'Content-Length': String(all.byteLength) }, body: all };
  }
  const inner = body!.open().getReader();
  let stage = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 0) {
        stage = 1;
        controller.enqueue(head);
        return;
      }
      if (stage === 1) {
        const { done, value } = await inner.read();
        if (!done) {
          controller.enqueue(value);
          return;
        }
        stage = 2;
      }
      controller.enqueue(tail);
      controller.close();
    },
    cancel(reason) {
      return inner.cancel(reason);
    },
  });
  if (input.byteLength !== undefined) {
    headers['Content-Length'] = String(head.byteLength + input.byteLength + tail.byteLength);
  }
  return { headers, body: stream };
}
