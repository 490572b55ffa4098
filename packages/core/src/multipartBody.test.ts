import { describe, expect, it } from 'vitest';
import { createMultipartBody } from './multipartBody';

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('createMultipartBody', () => {
  it('is a valid multipart/form-data body with an exact length (parsed by undici)', async () => {
    const file = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
    const body = createMultipartBody({
      field: 'image',
      file: new Blob([file]),
      size: file.byteLength,
      filename: 'shoe "1".jpg',
      mimeType: 'image/jpeg',
    });
    const bytes = await collect(body.stream(() => {}));
    expect(bytes.byteLength).toBe(body.length);
    const form = await new Response(bytes, {
      headers: { 'content-type': body.contentType },
    }).formData();
    const part = form.get('image') as File;
    expect(part.name).toBe('shoe _1_.jpg');
    expect(part.type).toBe('image/jpeg');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(file);
  });

  it('is pulled on demand and reports monotonic progress ending at the total', async () => {
    const file = new Uint8Array(300_000);
    const body = createMultipartBody({
      field: 'image',
      file,
      size: file.byteLength,
      filename: 'a.png',
      mimeType: 'image/png',
    });
    const seen: number[] = [];
    const reader = body
      .stream((loaded, total) => {
        expect(total).toBe(body.length);
        seen.push(loaded);
      })
      .getReader();
    // Nothing is read ahead of the consumer.
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([]);
    await reader.read();
    expect(seen).toHaveLength(1);
    for (let r = await reader.read(); !r.done; r = await reader.read()) {}
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(body.length);
    // preamble + 5 chunks of at most 64 KiB + epilogue
    expect(seen).toHaveLength(1 + Math.ceil(300_000 / 65_536) + 1);
  });
});
