import { abortedError, CutoutError, concatBytes } from '@cutout/core';

/**
 * The whole input as one buffer (decoding needs it all), read from a stream with a byte cap
 * so an endless or oversized upload is refused (`input`/`too-large`) instead of exhausting
 * memory, and cancelled on abort.
 */
export async function readInputBytes(
  data: Uint8Array | ReadableStream<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  if (data instanceof Uint8Array) {
    if (data.byteLength > maxBytes) throw tooLarge(maxBytes);
    return data;
  }
  const reader = data.getReader();
  const onAbort = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw abortedError(signal);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      parts.push(value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  return parts.length === 1 ? parts[0]! : concatBytes(parts, total);
}

function tooLarge(maxBytes: number): CutoutError {
  return new CutoutError('input', `The image is over ${maxBytes} bytes`, { reason: 'too-large' });
}
