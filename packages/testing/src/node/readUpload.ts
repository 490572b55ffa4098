import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { CallMode } from '../contract/createCodiaState';

/** Outcome of reading the image of a call, before any processing. */
export type UploadResult =
  | { ok: true; bytes: Buffer }
  | {
      ok: false;
      fault: 'missing-url' | 'too-large';
      message: string;
      /** True when the body was not read to its end: answer and close the connection. */
      early: boolean;
    };

export interface ReadOptions {
  maxBytes: number;
  /** Counts body bytes as they are read (stats.bytesReceived). */
  onBytes(n: number): void;
  signal: AbortSignal;
  imageUrlTimeoutMs: number;
}

/** JSON bodies hold one URL; anything bigger is not a real call. */
const JSON_BODY_LIMIT = 64 * 1024;
/** Multipart framing around the file; a Content-Length past maxBytes + this is refused unread. */
const MULTIPART_SLACK = 64 * 1024;

export function callMode(req: IncomingMessage): CallMode {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) return 'json';
  if (type.startsWith('multipart/form-data')) return 'multipart';
  return 'unknown';
}

export async function readUpload(
  req: IncomingMessage,
  options: ReadOptions,
): Promise<UploadResult> {
  const mode = callMode(req);
  if (mode === 'json') return readJsonCall(req, options);
  if (mode === 'multipart') return readMultipart(req, options);
  return {
    ok: false,
    fault: 'missing-url',
    message: 'Send application/json with image_url, or multipart/form-data with an image file.',
    early: true,
  };
}

async function readJsonCall(req: IncomingMessage, options: ReadOptions): Promise<UploadResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    options.onBytes(chunk.length);
    size += chunk.length;
    if (size > JSON_BODY_LIMIT) {
      return { ok: false, fault: 'missing-url', message: 'JSON body too large.', early: true };
    }
    chunks.push(chunk);
  }
  let url: unknown;
  try {
    url = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { image_url?: unknown })
      ?.image_url;
  } catch {
    return missing('The body is not valid JSON.');
  }
  if (typeof url !== 'string' || url === '') return missing('image_url is missing.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return missing('image_url is not a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return missing('image_url must be an http(s) URL.');
  }
  return download(parsed, options);
}

function missing(message: string): UploadResult {
  return { ok: false, fault: 'missing-url', message, early: false };
}

/**
 * The upstream fetches `image_url` itself. This fake is a test server, so it fetches any
 * http(s) URL, loopback included (tests host images on 127.0.0.1); our proxy, not this fake,
 * is the place for an SSRF guard.
 */
async function download(url: URL, options: ReadOptions): Promise<UploadResult> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.imageUrlTimeoutMs)]);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch {
    return missing('image_url is unreachable.');
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    return missing(`image_url answered HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) {
    await response.body.cancel().catch(() => {});
    return {
      ok: false,
      fault: 'too-large',
      message: 'Image exceeds the size limit.',
      early: false,
    };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > options.maxBytes) {
        await reader.cancel().catch(() => {});
        return {
          ok: false,
          fault: 'too-large',
          message: 'Image exceeds the size limit.',
          early: false,
        };
      }
      chunks.push(value);
    }
  } catch {
    return missing('image_url could not be downloaded.');
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/**
 * Streams the multipart body through busboy (a maintained streaming parser): the image is
 * never buffered past `maxBytes`, and the call is refused as soon as it would be. The file
 * field is `image`, with `file` accepted as an alias; other files are drained and ignored. A
 * body without either is answered 40001 ("image missing"), since the contract's 40002 is about
 * the format of an image that was sent.
 */
function readMultipart(req: IncomingMessage, options: ReadOptions): Promise<UploadResult> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > options.maxBytes + MULTIPART_SLACK) {
    return Promise.resolve({
      ok: false,
      fault: 'too-large',
      message: 'Image exceeds the size limit.',
      early: true,
    });
  }
  return new Promise<UploadResult>((resolve) => {
    let settled = false;
    let parser: busboy.Busboy;
    const finish = (result: UploadResult) => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      if (!result.ok && result.early) req.unpipe(parser);
      resolve(result);
    };
    const count = (chunk: Buffer) => options.onBytes(chunk.length);
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: options.maxBytes, files: 4, fields: 32, parts: 40 },
      });
    } catch {
      finish({
        ok: false,
        fault: 'missing-url',
        message: 'Malformed multipart body.',
        early: true,
      });
      return;
    }
    let image: Buffer | undefined;
    parser.on('file', (name, stream) => {
      if ((name !== 'image' && name !== 'file') || image !== undefined) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        finish({
          ok: false,
          fault: 'too-large',
          message: 'Image exceeds the size limit.',
          early: true,
        });
      });
      stream.on('end', () => {
        if (!settled) image = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => {
      finish({
        ok: false,
        fault: 'missing-url',
        message: 'Malformed multipart body.',
        early: true,
      });
    });
    parser.on('close', () => {
      if (image) finish({ ok: true, bytes: image });
      else {
        finish({
          ok: false,
          fault: 'missing-url',
          message: 'No image: send the file in the "image" field ("file" also works).',
          early: false,
        });
      }
    });
    req.on('data', count);
    // The client went away mid-upload: nothing will be answered, but the call must end.
    req.on('aborted', () => finish(missing('The upload was aborted.')));
    req.on('error', () => finish(missing('The upload failed.')));
    req.pipe(parser);
  });
}
