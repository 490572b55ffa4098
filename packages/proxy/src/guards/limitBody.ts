import { CutoutError, UpstreamCode } from '@cutout/core';

export interface BodyLimits {
  /** Most bytes read before the body is refused with 413 / 40003. */
  maxBytes: number;
  /** The whole body must arrive within this (slow-drip uploads). */
  timeoutMs: number;
  /** Longest pause between two chunks. */
  idleTimeoutMs: number;
}

export interface LimitedBody {
  stream: ReadableStream<Uint8Array>;
  /** Bytes read so far. */
  readonly bytes: number;
  /** The guard's own error once it tripped (limit or timeout), else undefined. */
  readonly error: CutoutError | undefined;
}

export function tooLargeError(maxBytes: number): CutoutError {
  return new CutoutError('input', `The image is over the size limit (${maxBytes} bytes).`, {
    reason: 'too-large',
    code: UpstreamCode.tooLarge,
    status: 413,
  });
}

export function uploadTimeoutError(reason: 'upload-timeout' | 'upload-idle'): CutoutError {
  return new CutoutError(
    'timeout',
    reason === 'upload-timeout'
      ? 'The upload took too long.'
      : 'The upload stalled (no data for too long).',
    { reason, status: 408, retryable: false },
  );
}

/**
 * Counts bytes while they stream and errors the stream as soon as the limit is passed,
 * so the limit holds without a Content-Length (chunked uploads) and nothing over it is
 * ever buffered. Timeouts end uploads that drip a few bytes at a time.
 */
export function limitBody(
  source: ReadableStream<Uint8Array>,
  limits: BodyLimits,
  signal?: AbortSignal,
): LimitedBody {
  const reader = source.getReader();
  let bytes = 0;
  let error: CutoutError | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const fail = (e: CutoutError) => {
    if (error) return;
    error = e;
    clearTimers();
    reader.cancel(e).catch(() => {});
    try {
      controllerRef?.error(e);
    } catch {
      // already closed
    }
  };
  const clearTimers = () => {
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
  };
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => fail(uploadTimeoutError('upload-idle')), limits.idleTimeoutMs);
  };
  const onAbort = () => {
    clearTimers();
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      totalTimer = setTimeout(() => fail(uploadTimeoutError('upload-timeout')), limits.timeoutMs);
    },
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      // Idle time counts only while we wait on the client, not while a slow consumer
      // (the upstream) holds us back.
      armIdle();
      try {
        result = await reader.read();
        clearTimeout(idleTimer);
      } catch (e) {
        clearTimers();
        signal?.removeEventListener('abort', onAbort);
        if (!error) controller.error(e);
        return;
      }
      if (error) return;
      if (result.done) {
        clearTimers();
        signal?.removeEventListener('abort', onAbort);
        controller.close();
        return;
      }
      bytes += result.value.byteLength;
      if (bytes > limits.maxBytes) {
        fail(tooLargeError(limits.maxBytes));
        return;
      }
      controller.enqueue(result.value);
    },
    cancel(reason) {
      clearTimers();
      signal?.removeEventListener('abort', onAbort);
      return reader.cancel(reason);
    },
  });
  return {
    stream,
    get bytes() {
      return bytes;
    },
    get error() {
      return error;
    },
  };
}
