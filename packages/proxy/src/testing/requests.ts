/** Request builders for tests that call the handler with no port. */
export const BASE = 'http://proxy.test';

export function multipartRequest(
  bytes: Uint8Array,
  options: {
    field?: string;
    filename?: string;
    type?: string;
    headers?: Record<string, string>;
    path?: string;
  } = {},
): Request {
  const form = new FormData();
  form.set(
    options.field ?? 'image',
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.type ?? 'image/jpeg' }),
    options.filename ?? 'photo.jpg',
  );
  return new Request(`${BASE}${options.path ?? '/v1/open/remove_bg'}`, {
    method: 'POST',
    body: form,
    headers: options.headers ?? {},
  });
}

/** A multipart body streamed in chunks with no Content-Length (chunked upload). */
export function streamedMultipart(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  headers: Record<string, string> = {},
): Request {
  const boundary = 'testboundary123';
  const enc = new TextEncoder();
  async function* body() {
    yield enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    for await (const c of chunks) yield c;
    yield enc.encode(`\r\n--${boundary}--\r\n`);
  }
  const it = body();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  return new Request(`${BASE}/v1/open/remove_bg`, {
    method: 'POST',
    body: stream,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    duplex: 'half',
  } as RequestInit);
}

export function jsonRequest(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/v1/open/remove_bg`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A PNG signature and IHDR claiming the given size, with no pixel data (a bomb's header). */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const dv = new DataView(b.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  b[24] = 8;
  b[25] = 6;
  return b;
}
