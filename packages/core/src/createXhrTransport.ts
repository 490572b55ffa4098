import { CutoutError } from './CutoutError';
import type { Transport, TransportResponse } from './transport';

/**
 * Transport over XMLHttpRequest, for browsers: `fetch` has no upload progress there.
 * Resolves at HEADERS_RECEIVED so the client can tell processing from downloading; the body
 * arrives through `read()` with XHR's download progress.
 */
export function createXhrTransport(
  Xhr: typeof XMLHttpRequest = globalThis.XMLHttpRequest,
): Transport {
  return (request) =>
    new Promise<TransportResponse>((resolveHeaders, rejectHeaders) => {
      const xhr = new Xhr();
      let headersDone = false;
      let bodyResolve: ((bytes: Uint8Array) => void) | undefined;
      let bodyReject: ((error: unknown) => void) | undefined;
      let bodyResult: { bytes?: Uint8Array; error?: unknown } | undefined;
      let onDownload: ((loaded: number, total: number | undefined) => void) | undefined;
      let lastDownload: [number, number | undefined] | undefined;
      const uploadTotal = { value: 0 };

      const fail = (error: unknown) => {
        request.signal.removeEventListener('abort', onAbort);
        if (!headersDone) rejectHeaders(error);
        else if (bodyReject) bodyReject(error);
        else bodyResult = { error };
      };
      const onAbort = () => xhr.abort();

      xhr.open(request.method, request.url);
      xhr.responseType = 'arraybuffer';
      for (const [name, value] of Object.entries(request.headers))
        xhr.setRequestHeader(name, value);

      let body: XMLHttpRequestBodyInit | null = null;
      if (request.body?.type === 'json') {
        xhr.setRequestHeader('Content-Type', 'application/json');
        body = request.body.text;
        uploadTotal.value = new TextEncoder().encode(request.body.text).byteLength;
      } else if (request.body?.type === 'multipart') {
        const part = request.body;
        const form = new FormData();
        const blob =
          part.file instanceof Uint8Array
            ? new Blob([part.file as Uint8Array<ArrayBuffer>], { type: part.mimeType })
            : part.file;
        form.append(part.field, blob, part.filename);
        body = form;
        uploadTotal.value = part.size;
      }

      if (body !== null && request.onUploadProgress) {
        const report = request.onUploadProgress;
        // Listeners must exist before send() or browsers skip upload events.
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) uploadTotal.value = event.total;
          report(Math.min(event.loaded, uploadTotal.value), uploadTotal.value);
        };
        xhr.upload.onload = () => report(uploadTotal.value, uploadTotal.value);
      }

      xhr.onreadystatechange = () => {
        if (xhr.readyState !== Xhr.HEADERS_RECEIVED || headersDone) return;
        headersDone = true;
        resolveHeaders({
          status: xhr.status,
          header: (name) => xhr.getResponseHeader(name),
          read(onProgress) {
            onDownload = onProgress;
            if (lastDownload) onProgress?.(...lastDownload);
            if (bodyResult) {
              return bodyResult.error !== undefined
                ? Promise.reject(bodyResult.error)
                : Promise.resolve(bodyResult.bytes!);
            }
            return new Promise<Uint8Array>((resolve, reject) => {
              bodyResolve = resolve;
              bodyReject = reject;
            });
          },
          discard() {
            if (xhr.readyState !== Xhr.DONE) xhr.abort();
          },
        });
      };
      xhr.onprogress = (event) => {
        lastDownload = [event.loaded, event.lengthComputable ? event.total : undefined];
        onDownload?.(...lastDownload);
      };
      xhr.onload = () => {
        request.signal.removeEventListener('abort', onAbort);
        const bytes = new Uint8Array((xhr.response as ArrayBuffer | null) ?? new ArrayBuffer(0));
        lastDownload = [bytes.byteLength, bytes.byteLength];
        onDownload?.(...lastDownload);
        if (bodyResolve) bodyResolve(bytes);
        else bodyResult = { bytes };
      };
      // Loaded on failure only (not in the initial bundle). Before any answer the cause may be
      // CORS: it finds out before the retryer sees the error; after one it is a broken
      // connection, which it reports as such without probing.
      xhr.onerror = () =>
        void import('./explainConnectionFailure')
          .then((m) => m.explainConnectionFailure(headersDone ? undefined : request.url))
          .then(fail, fail);
      xhr.ontimeout = () => fail(new CutoutError('timeout', 'The request timed out.'));
      // The client maps an abort to `aborted` or `timeout` by which signal fired.
      xhr.onabort = () => fail(request.signal.reason ?? new Error('aborted'));

      if (request.signal.aborted) {
        rejectHeaders(request.signal.reason);
        return;
      }
      request.signal.addEventListener('abort', onAbort, { once: true });
      xhr.send(body);
      // Start at 0 at once: some engines fire no upload event before the answer arrives.
      if (body !== null) request.onUploadProgress?.(0, uploadTotal.value);
    });
}
