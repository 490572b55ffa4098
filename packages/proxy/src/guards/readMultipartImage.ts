import { Readable } from 'node:stream';
import type { CutoutError } from '@cutout/core';
import busboy from 'busboy';
import { tooLargeError } from './limitBody';
import { missingImageError } from './missingImageError';

export interface MultipartImage {
  /** The file part's bytes, streamed (backpressure reaches the client's socket). */
  stream: ReadableStream<Uint8Array>;
  filename: string | undefined;
  mimeType: string | undefined;
  /**
   * The text fields (output options): those sent before the file are here when the promise
   * resolves; later ones are added as the file is read, so they are complete once it ends.
   */
  fields: Record<string, string>;
}

/** Text fields are output options: a handful of short values. */
const MAX_FIELD_BYTES = 2048;

/**
 * Finds the `image` part (or its alias `file`) of a multipart body and hands it on as a
 * stream, without buffering the file. Parsing is busboy's (a well-kept streaming parser);
 * text fields are collected (the output options); other files are drained and ignored.
 */
export function readMultipartImage(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  maxBytes: number,
): Promise<MultipartImage> {
  return new Promise<MultipartImage>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        limits: { fileSize: maxBytes, files: 4, fields: 32, parts: 40, fieldSize: 64 * 1024 },
      });
    } catch {
      reject(
        missingImageError('Malformed multipart request (no boundary).', 'malformed-multipart'),
      );
      return;
    }
    const input = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
    let found = false;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const fields: Record<string, string> = {};
    bb.on('field', (name, value) => {
      if (value.length <= MAX_FIELD_BYTES) fields[name] = value;
    });
    let fileError: CutoutError | undefined;
    let fileController: ReadableStreamDefaultController<Uint8Array> | undefined;
    const failFile = (e: unknown) => {
      fileError ??= e as CutoutError;
      try {
        fileController?.error(e);
      } catch {
        // closed already
      }
    };

    bb.on('file', (name, file, info) => {
      if (found || (name !== 'image' && name !== 'file')) {
        file.resume();
        return;
      }
      found = true;
      file.on('limit', () => {
        const e = tooLargeError(maxBytes);
        failFile(e);
        input.destroy(e);
      });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          fileController = controller;
          file.on('error', (e: unknown) =>
            failFile(
              (e as { isCutoutError?: boolean }).isCutoutError
                ? e
                : missingImageError(
                    `Malformed multipart request (${e instanceof Error ? e.message : 'parse error'}).`,
                    'malformed-multipart',
                  ),
            ),
          );
        },
        pull(controller) {
          // Node stream → web stream by hand, so a slow consumer pauses busboy (and the
          // socket) instead of letting chunks pile up.
          return new Promise<void>((done) => {
            const onReadable = () => {
              cleanup();
              // Errored (limit, bad part): nothing more may be enqueued; let busboy drain.
              if (fileError) {
                file.resume();
                done();
                return;
              }
              let pushed = false;
              for (;;) {
                const chunk = file.read() as Buffer | null;
                if (chunk === null) break;
                controller.enqueue(
                  new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
                );
                pushed = true;
              }
              if (pushed) done();
              else wait();
            };
            const onEnd = () => {
              cleanup();
              if (!fileError) controller.close();
              done();
            };
            const cleanup = () => {
              file.off('readable', onReadable);
              file.off('end', onEnd);
            };
            const wait = () => {
              if (file.readableEnded) return onEnd();
              file.on('readable', onReadable);
              file.on('end', onEnd);
            };
            if (fileError) return done();
            onReadable();
          });
        },
        cancel(reason) {
          file.destroy();
          input.destroy(reason instanceof Error ? reason : undefined);
        },
      });
      settle(() => resolve({ stream, filename: info.filename, mimeType: info.mimeType, fields }));
    });
    bb.on('error', (e) => {
      const error = missingImageError(
        `Malformed multipart request (${e instanceof Error ? e.message : 'parse error'}).`,
        'malformed-multipart',
      );
      failFile(error);
      settle(() => reject(error));
    });
    bb.on('close', () => {
      settle(() =>
        reject(
          missingImageError('No image: send the file in the "image" field ("file" also works).'),
        ),
      );
    });
    input.on('error', (e) => {
      const error = (e as { isCutoutError?: boolean }).isCutoutError
        ? (e as unknown as CutoutError)
        : missingImageError('The upload was interrupted.', 'upload-failed');
      failFile(error);
      settle(() => reject(error));
      bb.destroy();
    });
    input.pipe(bb);
  });
}

/**
 * The image part of a small multipart body already read whole (the fast path for uploads
 * under a few hundred KiB, where streaming buys nothing and the stream bridges cost more
 * CPU than the parse). Same rules and errors as `readMultipartImage`.
 */
export function readMultipartImageBuffered(
  body: Uint8Array,
  contentType: string,
  maxBytes: number,
): Promise<{ data: Uint8Array; filename: string | undefined; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        limits: { fileSize: maxBytes, files: 4, fields: 32, parts: 40, fieldSize: 64 * 1024 },
      });
    } catch {
      reject(
        missingImageError('Malformed multipart request (no boundary).', 'malformed-multipart'),
      );
      return;
    }
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    let found = false;
    const fields: Record<string, string> = {};
    bb.on('field', (name, value) => {
      if (value.length <= MAX_FIELD_BYTES) fields[name] = value;
    });
    let image: { data: Uint8Array; filename: string | undefined } | undefined;
    bb.on('file', (name, file, info) => {
      if (found || (name !== 'image' && name !== 'file')) {
        file.resume();
        return;
      }
      found = true;
      const chunks: Buffer[] = [];
      file.on('data', (c: Buffer) => chunks.push(c));
      file.on('limit', () => settle(() => reject(tooLargeError(maxBytes))));
      file.on('error', (e: unknown) =>
        settle(() =>
          reject(
            missingImageError(
              `Malformed multipart request (${e instanceof Error ? e.message : 'parse error'}).`,
              'malformed-multipart',
            ),
          ),
        ),
      );
      file.on('end', () => {
        const all = Buffer.concat(chunks);
        image = {
          data: new Uint8Array(all.buffer, all.byteOffset, all.byteLength),
          filename: info.filename,
        };
      });
    });
    bb.on('error', (e: unknown) =>
      settle(() =>
        reject(
          missingImageError(
            `Malformed multipart request (${e instanceof Error ? e.message : 'parse error'}).`,
            'malformed-multipart',
          ),
        ),
      ),
    );
    // Resolved at the end of the body, so fields after the file are in too.
    bb.on('close', () =>
      settle(() =>
        image
          ? resolve({ ...image, fields })
          : reject(
              missingImageError(
                'No image: send the file in the "image" field ("file" also works).',
              ),
            ),
      ),
    );
    bb.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}
