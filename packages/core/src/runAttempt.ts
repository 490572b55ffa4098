import { abortedError } from './abortableDelay';
import { CutoutError, isCutoutError } from './CutoutError';
import { createStallWatchdog } from './createStallWatchdog';
import type { EdgeReviewReason } from './edgeAnalysis';
import type { PreparedInput } from './preflight';
import { sniffImage } from './sniffImage';
import type { Transport, TransportResponse } from './transport';
import type { Cutout, CutoutProgress, CutoutTimings } from './types';
import { errorFromUpstream, parseUpstreamBody } from './upstream';

export interface AttemptContext {
  /** `${endpoint}/v1/open/remove_bg`. */
  postUrl: string;
  /** What result URLs are resolved against: the endpoint with a trailing slash. */
  resultBase: string;
  headers: () => Promise<Record<string, string>>;
  transport: Transport;
  stallTimeoutMs: number;
  /** Output options were asked for: the answer may be any image type, not just PNG. */
  acceptAny?: boolean;
}

/** Carried across the attempts of one call. */
export interface AttemptState {
  /**
   * A result URL the server already produced. When set, the next attempt only downloads it:
   * re-posting would pay for the same image twice. Cleared when the URL has expired.
   */
  resultUrl?: string;
  timings: CutoutTimings;
  /** The engine's verdict from the answer that made the cutout (kept for a later download). */
  review?: Cutout['review'];
}

export interface AttemptResult {
  /** The image bytes (PNG, or the composed output's format). */
  png: Uint8Array;
  contentType: string;
  width: number;
  height: number;
}

type Emit = (progress: Omit<CutoutProgress, 'attempt'>) => void;

/**
 * One attempt: POST the image (or URL), then either take the PNG from the answer (our
 * proxy's one-round-trip mode) or download the `data.image_url` it names. Every failure
 * becomes a `CutoutError`; the retryer decides what happens next.
 */
export async function runAttempt(
  ctx: AttemptContext,
  input: PreparedInput,
  state: AttemptState,
  emit: Emit,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const watchdog = createStallWatchdog(ctx.stallTimeoutMs, () =>
    controller.abort(
      new CutoutError('timeout', `No progress for ${ctx.stallTimeoutMs} ms.`, {
        reason: 'stalled',
      }),
    ),
  );
  const onUserAbort = () => controller.abort(abortedError(signal));
  if (signal?.aborted) onUserAbort();
  signal?.addEventListener('abort', onUserAbort, { once: true });

  try {
    if (state.resultUrl === undefined) {
      const png = await post(ctx, input, state, emit, controller.signal, watchdog.poke);
      if (png !== undefined) return png;
    }
    return await download(ctx, state, emit, controller.signal, watchdog.poke);
  } catch (error) {
    throw toCutoutError(error, controller.signal);
  } finally {
    watchdog.stop();
    signal?.removeEventListener('abort', onUserAbort);
  }
}

async function post(
  ctx: AttemptContext,
  input: PreparedInput,
  state: AttemptState,
  emit: Emit,
  signal: AbortSignal,
  poke: () => void,
): Promise<AttemptResult | undefined> {
  const headers = {
    ...(await ctx.headers()),
    // An image first: our proxy then answers with the image itself, saving a round trip.
    Accept: ctx.acceptAny ? 'image/*, application/json' : 'image/png, application/json',
  };
  const body =
    input.type === 'url'
      ? { type: 'json' as const, text: JSON.stringify({ image_url: input.url }) }
      : {
          type: 'multipart' as const,
          field: 'image',
          file: input.data,
          size: input.size,
          filename: input.filename,
          mimeType: input.mimeType,
        };

  const started = performance.now();
  let uploadEnded: number | undefined;
  const response = await ctx.transport({
    method: 'POST',
    url: ctx.postUrl,
    headers,
    body,
    signal,
    onUploadProgress(loaded, total) {
      poke();
      if (uploadEnded !== undefined) return;
      emit({ phase: 'uploading', loaded, total });
      if (loaded >= total) {
        uploadEnded = performance.now();
        emit({ phase: 'processing' });
      }
    },
  });
  poke();
  const answered = performance.now();
  if (uploadEnded === undefined) {
    // The server answered before taking the whole body (402 before the upload, an early
    // error): the upload is over either way.
    uploadEnded = answered;
    emit({ phase: 'processing' });
  }
  state.timings.uploadMs = uploadEnded - started;
  state.timings.processingMs = answered - uploadEnded;

  const contentType = (response.header('content-type') ?? '').toLowerCase();
  state.review = readReview(response.header('x-cutout-review'));
  if (response.status >= 200 && response.status < 300 && contentType.startsWith('image/')) {
    return readImage(response, state, emit, poke, ctx.acceptAny);
  }

  // An error status is the answer even when its body never arrives whole: a server that
  // refuses an upload early (402 before reading it) may have its connection reset by the rest
  // of the upload coming in, after the status line but before the body. The status must win
  // then, not the broken upload (issue 14, item 1); a success whose body breaks is a network
  // failure as before. (parseJson never throws: only the read can.)
  let parsed: ReturnType<typeof parseUpstreamBody>;
  try {
    parsed = parseUpstreamBody(new TextDecoder().decode(await response.read(() => poke())));
  } catch (error) {
    if (response.status < 400) throw error;
  }
  const error = errorFromUpstream({
    status: response.status,
    body: parsed,
    retryAfter: response.header('retry-after'),
  });
  if (error) throw error;
  const imageUrl = parsed?.data?.image_url;
  if (typeof imageUrl !== 'string' || imageUrl === '') {
    throw new CutoutError('transient', 'The server answered success without a result URL.', {
      status: response.status,
      code: parsed?.code,
      reason: 'bad-response',
    });
  }
  state.resultUrl = resolveUrl(imageUrl, ctx.resultBase);
  return undefined;
}

async function download(
  ctx: AttemptContext,
  state: AttemptState,
  emit: Emit,
  signal: AbortSignal,
  poke: () => void,
): Promise<AttemptResult> {
  const url = state.resultUrl!;
  // The caller's headers may hold credentials (a session token, or in Node a Bearer key):
  // they go only to the endpoint's own origin, never to a CDN named by the server.
  const headers: Record<string, string> = sameOrigin(url, ctx.postUrl) ? await ctx.headers() : {};
  headers.Accept = ctx.acceptAny ? 'image/*' : 'image/png';
  emit({ phase: 'downloading', loaded: 0 });
  const response = await ctx.transport({ method: 'GET', url, headers, signal });
  poke();
  if (response.status === 404 || response.status === 410) {
    response.discard();
    // Result URLs are short-lived: ask for a new one on the next attempt.
    state.resultUrl = undefined;
    throw new CutoutError('transient', 'The result expired before it was downloaded.', {
      status: response.status,
      reason: 'result-expired',
    });
  }
  if (response.status < 200 || response.status >= 300) {
    response.discard();
    throw (
      errorFromUpstream({ status: response.status, retryAfter: response.header('retry-after') }) ??
      new CutoutError('transient', `The result download failed (HTTP ${response.status}).`, {
        status: response.status,
      })
    );
  }
  return readImage(response, state, emit, poke, ctx.acceptAny);
}

/** `X-Cutout-Review: ok` or the reasons, comma-separated (see the proxy's README). */
function readReview(header: string | null): Cutout['review'] {
  if (!header) return undefined;
  const reasons = header
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'ok');
  return { needsReview: reasons.length > 0, reasons: reasons as EdgeReviewReason[] };
}

const TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

async function readImage(
  response: TransportResponse,
  state: AttemptState,
  emit: Emit,
  poke: () => void,
  anyImage = false,
): Promise<AttemptResult> {
  const started = performance.now();
  let lastTotal: number | undefined;
  const png = await response.read((loaded, total) => {
    poke();
    lastTotal = total;
    emit({ phase: 'downloading', loaded, total });
  });
  if (lastTotal !== png.byteLength) {
    emit({ phase: 'downloading', loaded: png.byteLength, total: png.byteLength });
  }
  state.timings.downloadMs = performance.now() - started;
  // The type is read from the bytes, not the header: a PNG for a plain cutout, the output's
  // own format when output options were asked for.
  const info = sniffImage(png);
  if (
    info === undefined ||
    (!anyImage && info.format !== 'png') ||
    info.width === undefined ||
    info.height === undefined
  ) {
    throw new CutoutError(
      'transient',
      `The result is not a readable ${anyImage ? 'image' : 'PNG'}.`,
      {
        status: response.status,
        reason: 'bad-response',
      },
    );
  }
  return { png, contentType: TYPES[info.format], width: info.width, height: info.height };
}

function resolveUrl(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    throw new CutoutError('transient', 'The server answered with an invalid result URL.', {
      reason: 'bad-response',
    });
  }
}

function sameOrigin(a: string, b: string): boolean {
  // Both are absolute here (resolved against the endpoint).
  return new URL(a).origin === new URL(b).origin;
}

function toCutoutError(error: unknown, signal: AbortSignal): CutoutError {
  if (signal.aborted && isCutoutError(signal.reason)) return signal.reason;
  if (isCutoutError(error)) return error;
  return new CutoutError('network', 'The connection failed or was reset.', {
    reason: 'connection-failed',
    cause: error,
  });
}
