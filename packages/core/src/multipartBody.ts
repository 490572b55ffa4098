/** How much of the file is read per pull: small enough for smooth progress, big enough for throughput. */
const CHUNK_BYTES = 64 * 1024;

export interface MultipartPart {
  field: string;
  file: Blob | Uint8Array;
  size: number;
  filename: string;
  mimeType: string;
}

export interface MultipartBody {
  contentType: string;
  /** Exact byte length of the whole body (preamble + file + epilogue). */
  length: number;
  /**
   * A pull-driven stream of the body: the file is read chunk by chunk only when the consumer
   * (the socket) asks, so `onProgress` reports bytes actually taken by the network and the
   * file is never copied whole into a second buffer.
   */
  stream(onProgress: (loaded: number, total: number) => void): ReadableStream<Uint8Array>;
}

/**
 * Builds a multipart/form-data body with a single file part (RFC 7578) as a stream.
 * Hand-written rather than `new FormData()` + `new Response(form)`, which gives neither the
 * length up front nor a count of bytes as the socket pulls them.
 */
export function createMultipartBody(
  part: MultipartPart,
  boundary = randomBoundary(),
): MultipartBody {
  const encoder = new TextEncoder();
  const preamble = encoder.encode(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${escapeQuoted(part.field)}"; filename="${escapeQuoted(part.filename)}"\r\n` +
      `Content-Type: ${part.mimeType}\r\n\r\n`,
  );
  const epilogue = encoder.encode(`\r\n--${boundary}--\r\n`);
  const length = preamble.byteLength + part.size + epilogue.byteLength;

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    stream(onProgress) {
      let loaded = 0;
      let fileOffset = 0;
      let stage: 'preamble' | 'file' | 'epilogue' | 'done' = 'preamble';
      const push = (controller: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
        controller.enqueue(bytes);
        loaded += bytes.byteLength;
        onProgress(loaded, length);
      };
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (stage === 'preamble') {
              push(controller, preamble);
              stage = part.size > 0 ? 'file' : 'epilogue';
              return;
            }
            if (stage === 'file') {
              const end = Math.min(fileOffset + CHUNK_BYTES, part.size);
              const chunk = await readSlice(part.file, fileOffset, end);
              fileOffset = end;
              if (fileOffset >= part.size) stage = 'epilogue';
              push(controller, chunk);
              return;
            }
            if (stage === 'epilogue') {
              push(controller, epilogue);
              stage = 'done';
              controller.close();
            }
          },
        },
        // highWaterMark 0: nothing is read ahead of what the consumer asks for.
        { highWaterMark: 0 },
      );
    },
  };
}

async function readSlice(file: Blob | Uint8Array, start: number, end: number): Promise<Uint8Array> {
  // A view, not a copy: the socket only reads it.
  if (file instanceof Uint8Array) return file.subarray(start, end);
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

function escapeQuoted(value: string): string {
  return value.replace(/["\r\n\\]/g, '_');
}

function randomBoundary(): string {
  let s = '----cutout';
  for (let i = 0; i < 24; i++) s += Math.floor(Math.random() * 36).toString(36);
  return s;
}
