import { CutoutError, concatBytes, type ImageInfo, sniffImage, UpstreamCode } from '@cutout/core';

export interface SniffedUpload {
  info: ImageInfo & { width: number; height: number };
  /** The whole image again: the bytes read to sniff, then the rest of the source. */
  stream: ReadableStream<Uint8Array>;
  /** True when the source ended while sniffing (`head` is the whole image). */
  complete: boolean;
  head: Uint8Array;
}

/** JPEG can carry large EXIF/ICC segments before its frame header; look this far for it. */
export const MAX_HEADER_BYTES = 1024 * 1024;

function unsupported(reason: string, message: string): CutoutError {
  return new CutoutError('input', message, {
    reason,
    code: UpstreamCode.unsupportedFormat,
    status: 400,
  });
}

/**
 * Reads just enough of an upload to know its real format (magic bytes, whatever the
 * Content-Type or file name say) and its dimensions from the header, before anything
 * decodes it: a 100 000 × 100 000 PNG of a few KB (a decompression bomb) is refused here.
 */
export async function sniffUpload(
  source: ReadableStream<Uint8Array>,
  maxPixels: number,
): Promise<SniffedUpload> {
  const reader = source.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let complete = false;
  let info: ImageInfo | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      chunks.push(value);
      length += value.byteLength;
      const head = concat(chunks, length);
      info = sniffImage(head);
      if (info?.width !== undefined && info.height !== undefined) break;
      // Twelve bytes decide the format; without a match no later byte will change that.
      if (length >= 16 && info === undefined) break;
      if (length >= MAX_HEADER_BYTES) break;
    }
  } catch (error) {
    reader.releaseLock();
    throw error;
  }
  const head = concat(chunks, length);
  info ??= sniffImage(head);
  try {
    checkSniffed(info, length, maxPixels);
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
      if (complete) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { info: info as SniffedUpload['info'], stream, complete, head };
}

/** The same checks on an image already in memory (small uploads read whole). */
export function sniffBuffer(bytes: Uint8Array, maxPixels: number): SniffedUpload['info'] {
  const info = sniffImage(bytes);
  checkSniffed(info, bytes.byteLength, maxPixels);
  return info as SniffedUpload['info'];
}

function checkSniffed(info: ImageInfo | undefined, length: number, maxPixels: number): void {
  if (length === 0) throw unsupported('empty', 'The image is empty (zero bytes).');
  if (!info) {
    throw unsupported('unsupported-format', 'Unsupported image format: send JPEG, PNG or WEBP.');
  }
  if (
    info.width === undefined ||
    info.height === undefined ||
    info.width === 0 ||
    info.height === 0
  ) {
    throw unsupported(
      'unreadable',
      `The ${info.format.toUpperCase()} header is truncated or unreadable.`,
    );
  }
  if (info.width * info.height > maxPixels) {
    throw new CutoutError(
      'input',
      `The image is ${info.width}×${info.height} px, over the limit of ${maxPixels} pixels.`,
      { reason: 'too-many-pixels', code: UpstreamCode.tooLarge, status: 413 },
    );
  }
}

/** Joined once: the array then holds the joined buffer, so a second call copies nothing. */
function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = concatBytes(chunks, length);
  chunks.length = 0;
  chunks.push(out);
  return out;
}
