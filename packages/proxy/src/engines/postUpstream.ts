import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';

type Send = (url: URL, options: RequestOptions) => ClientRequest;

/**
 * node:http and node:https load with the first upstream call, not with '@cutout/proxy', so the
 * root entry has no static Node built-in (Bun and Deno provide both modules).
 */
let clients: Promise<{ http: Send; https: Send }> | undefined;
function clientFor(url: URL): Promise<Send> {
  clients ??= Promise.all([import('node:http'), import('node:https')]).then(([http, https]) => ({
    http: http.request,
    https: https.request,
  }));
  return clients.then((c) => (url.protocol === 'https:' ? c.https : c.http));
}

export interface UpstreamAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Uint8Array;
}

/**
 * POSTs a (streamed) body and resolves with the answer as soon as it comes, even mid-upload.
 * The upstream answers 402/429 before reading the upload and closes; fetch (undici) then
 * often reports the reset of the unfinished upload instead of the answer, node:http emits
 * the answer first, so we use it here. Writing stops the moment an answer arrives.
 */
export async function postUpstream(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array | ReadableStream<Uint8Array>,
  signal: AbortSignal,
  maxAnswerBytes: number,
  /** Called when the whole body has been handed to the socket. */
  onUploaded?: () => void,
): Promise<UpstreamAnswer> {
  const target = new URL(url);
  const send = await clientFor(target);
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    let answered = false;
    const req = send(target, { method: 'POST', headers, signal });
    if (onUploaded) req.once('finish', onUploaded);
    req.on('error', (error) => {
      // Writing into a connection the upstream already answered and closed fails with
      // EPIPE/ECONNRESET, sometimes just before its answer is parsed: give it a moment.
      if (!answered) setTimeout(() => !answered && reject(error), 20);
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > maxAnswerBytes) {
          res.destroy(new Error('answer too large'));
          return;
        }
        chunks.push(chunk);
      });
      const settle = () => {
        const all = Buffer.concat(chunks, length);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength),
        });
        // A keep-alive socket is reused only when the request finished too.
        if (!req.writableFinished) req.destroy();
      };
      // An error status is the answer even when its body is cut off: an early 402 whose
      // connection the refused upload reset must stay a 402 (issue 14, item 1).
      const broken = (error: Error) =>
        (res.statusCode ?? 0) >= 400 && length <= maxAnswerBytes ? settle() : reject(error);
      res.on('end', settle);
      res.on('error', broken);
      res.on('aborted', () => broken(new Error('answer aborted')));
    });
    if (body instanceof Uint8Array) {
      req.end(body);
      return;
    }
    void pump(body, req, () => answered);
  });
}

async function pump(
  body: ReadableStream<Uint8Array>,
  req: ClientRequest,
  answered: () => boolean,
): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      if (answered() || req.destroyed) {
        await reader.cancel().catch(() => {});
        return;
      }
      const { done, value } = await reader.read();
      if (done) {
        req.end();
        return;
      }
      if (!req.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            req.off('drain', go);
            req.off('close', go);
            resolve();
          };
          req.once('drain', go);
          req.once('close', go);
        });
      }
    }
  } catch (error) {
    // The client's upload failed (guards, disconnect): fail the upstream call with it.
    req.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * GETs a URL into memory (the result PNG), refusing answers over `maxBytes`. node:http
 * rather than fetch: on this hot path undici's fetch machinery (resource timing,
 * transferable streams) cost more CPU than the download itself.
 */
export async function getUpstream(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  maxBytes: number,
): Promise<UpstreamAnswer & { tooLarge?: boolean }> {
  const target = new URL(url);
  const send = await clientFor(target);
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'GET', headers, signal });
    req.on('error', reject);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const declared = Number(res.headers['content-length']);
      if (status < 200 || status >= 300 || (Number.isFinite(declared) && declared > maxBytes)) {
        res.resume();
        resolve({
          status,
          headers: res.headers,
          body: new Uint8Array(0),
          tooLarge: declared > maxBytes,
        });
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > maxBytes) {
          res.destroy();
          resolve({ status, headers: res.headers, body: new Uint8Array(0), tooLarge: true });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const all = Buffer.concat(chunks, length);
        resolve({
          status,
          headers: res.headers,
          body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength),
        });
      });
      res.on('error', reject);
    });
    req.end();
  });
}
