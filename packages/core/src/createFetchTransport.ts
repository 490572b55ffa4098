import { concatBytes } from './concatBytes';
import type { Transport, TransportResponse } from './transport';

/**
 * Transport over `fetch`. In Node the multipart body is a counted, pull-driven stream
 * (`duplex: 'half'`), so upload progress follows the socket. Browsers only stream request
 * bodies over HTTP/2+, so there (a custom fetch given in a browser) the body is a FormData and
 * upload progress jumps from 0 to done when the answer arrives; the XHR transport is the one
 * with real browser upload progress.
 */
export function createFetchTransport(
  fetchImpl: typeof globalThis.fetch,
  options: { streamUploads?: boolean } = {},
): Transport {
  const streamUploads = options.streamUploads ?? isNode();
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers };
    let body: BodyInit | undefined;
    let total = 0;
    const progress = request.onUploadProgress;
    let finishUpload: (() => void) | undefined;

    if (request.body?.type === 'json') {
      body = request.body.text;
      total = new TextEncoder().encode(body).byteLength;
      headers['Content-Type'] = 'application/json';
      finishUpload = () => progress?.(total, total);
    } else if (request.body?.type === 'multipart') {
      const part = request.body;
      if (streamUploads) {
        // Loaded when first needed: only Node streams uploads, so browsers never fetch it and
        // it stays out of the initial browser bundle.
        const { createMultipartBody } = await import('./multipartBody');
        const multipart = createMultipartBody(part);
        headers['Content-Type'] = multipart.contentType;
        // A known length lets servers (and our proxy's size limit) decide before reading.
        headers['Content-Length'] = String(multipart.length);
        total = multipart.length;
        body = multipart.stream((loaded, all) => progress?.(loaded, all));
      } else {
        const form = new FormData();
        const blob =
          part.file instanceof Uint8Array
            ? new Blob([part.file as Uint8Array<ArrayBuffer>], { type: part.mimeType })
            : part.file;
        form.append(part.field, blob, part.filename);
        body = form;
        total = part.size;
        finishUpload = () => progress?.(total, total);
      }
    }
    if (request.body !== undefined) progress?.(0, total);

    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers,
      signal: request.signal,
      redirect: 'follow',
    };
    if (body !== undefined) init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';

    const pending = fetchImpl(request.url, init);
    // A JSON body is a few bytes, gone with the request head: processing starts now.
    if (request.body?.type === 'json') finishUpload?.();
    const response = await pending;
    if (request.body?.type !== 'json') finishUpload?.();
    return wrapResponse(response);
  };
}

function wrapResponse(response: Response): TransportResponse {
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    async read(onProgress) {
      // Content-Length counts encoded bytes; with gzip & co. the decoded total is unknown.
      const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
      const declared = Number(response.headers.get('content-length'));
      const total = !encoded && Number.isFinite(declared) && declared > 0 ? declared : undefined;
      if (response.body === null) {
        onProgress?.(0, 0);
        return new Uint8Array(0);
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      onProgress?.(0, total);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        onProgress?.(loaded, total !== undefined && total >= loaded ? total : undefined);
      }
      return concatBytes(chunks, loaded);
    },
    discard() {
      response.body?.cancel().catch(() => {});
    },
  };
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}
