import {
  abortableDelay,
  type CutoutEngine,
  CutoutError,
  createRetryer,
  type EngineCheck,
  type EngineInput,
  type EngineResult,
  errorFromUpstream,
  isCutoutError,
  parseUpstreamBody,
  type RetryOptions,
  sniffImage,
} from '@cutout/core';
import { deadlineSignal } from '../deadlineSignal';
import { buildRequest } from './buildUpstreamRequest';
import { checkUpstream } from './checkUpstream';
import { createReplayableBody, type ReplayableBody } from './createReplayableBody';
import { getUpstream, postUpstream } from './postUpstream';
import { transportError } from './transportError';

export interface CodiaEngineOptions {
  /** The Codia API key. Sent only as `Authorization` to `baseUrl`; never logged or echoed. */
  apiKey: string;
  /** Default 'https://api.codia.ai'. */
  baseUrl?: string;
  /**
   * Retries of the result download only (see "One retry layer per hop" below). Default 2
   * attempts, 250 ms–4 s full-jitter backoff, 20 s in all; `false` for one.
   */
  retry?: Partial<RetryOptions> | false;
  /**
   * @deprecated Ignored: the engine no longer re-sends an upload (the client retries it),
   * so nothing of it is kept for a replay.
   */
  replayBytes?: number;
  /** One call, from the first byte sent to the answer. Default 60 000 ms. */
  timeoutMs?: number;
  /** Downloading the result PNG. Default 30 000 ms. */
  downloadTimeoutMs?: number;
  /** Largest result PNG accepted. Default 200 MiB. */
  maxResultBytes?: number;
}

const DEFAULT_ENGINE_RETRY: RetryOptions = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  maxTotalMs: 20_000,
};

/**
 * The Codia Remove BG API as an engine (shared/UPSTREAM-API.md). Uploads stream through:
 * the proxy never holds a whole body, and an upstream that answers before reading (402, 429)
 * ends the client's upload at once. Results are downloaded immediately (their URLs are
 * short-lived) so the proxy can serve them from its own origin.
 *
 * One retry layer per hop. The client retries against the proxy: every upstream refusal or
 * failure of the upload (5xx, 42900 with its Retry-After, resets, timeouts, bad bodies, an
 * expired result) is answered to it as is (502/503/429/504), so its backoff, its budget and
 * its batch pool's pause gate see it, and a 429 pauses the whole pool instead of being
 * waited out here unseen. This engine retries only what the client cannot see: the GET of
 * the result URL, which the upstream already produced (and billed) and which never reaches
 * the client; re-posting for a failed download would pay for the image again. Worst case
 * per image with the client's default 4 attempts: 4 × (1 upload + 2 downloads) = 12 upstream
 * calls, of which at most 4 are uploads (a broken upload adds one free door probe instead
 * of the downloads); it was 4 × 3 = 12 uploads when both layers retried everything.
 */
export function codiaEngine(options: CodiaEngineOptions): CutoutEngine {
  const apiKey = options.apiKey;
  const base = (options.baseUrl ?? 'https://api.codia.ai').replace(/\/+$/, '');
  const endpoint = `${base}/v1/open/remove_bg`;
  const retryer = createRetryer({
    retry: options.retry === false ? false : { ...DEFAULT_ENGINE_RETRY, ...options.retry },
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const downloadTimeoutMs = options.downloadTimeoutMs ?? 30_000;
  const maxResultBytes = options.maxResultBytes ?? 200 * 1024 * 1024;

  const attempt = async (
    input: EngineInput,
    body: ReplayableBody | undefined,
    signal: AbortSignal,
  ): Promise<EngineResult> => {
    const started = performance.now();
    const call = deadlineSignal([signal], timeoutMs);
    const callSignal = call.signal;
    const request = buildRequest(input, body);
    let answer: Awaited<ReturnType<typeof postUpstream>>;
    let uploaded = false;
    try {
      answer = await postUpstream(
        endpoint,
        { Authorization: `Bearer ${apiKey}`, Accept: 'application/json', ...request.headers },
        request.body,
        callSignal,
        256 * 1024,
        () => {
          uploaded = true;
        },
      );
    } catch (error) {
      const e = transportError(error, signal, callSignal, uploaded ? 'answer' : 'upload');
      if (input.type === 'image' && e.kind === 'network') {
        // An upstream that refuses at the door (402, 429, 401) answers and closes while we
        // are still uploading; our next write then fails (EPIPE/reset) and Node drops the
        // socket before reading that answer. Ask the door again with an empty JSON call
        // (refused the same way, or a free 40001 when the door is open) to learn which.
        const door = await doorAnswer(signal);
        if (door) {
          body?.cancel(door);
          throw door;
        }
      }
      throw e;
    } finally {
      // Whatever happened, this attempt no longer reads the body: a retry may replay it.
      body?.detach();
      call.clear();
    }
    const text = new TextDecoder().decode(answer.body);
    const retryAfter = answer.headers['retry-after'];
    const response = { status: answer.status };
    const parsed = parseUpstreamBody(text);
    const error = errorFromUpstream({
      status: response.status,
      body: parsed,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    });
    if (error?.kind === 'auth') {
      // The upstream refused the server's own key: a misconfigured server, not a user to log
      // in again (authorize()'s 401). A 502 that says so, not retried (issue 14, item 7).
      const e = upstreamAuthError(error);
      body?.cancel(e);
      throw e;
    }
    if (error) {
      // The upstream refused without reading (402, 429): stop the client's upload now.
      if (input.type === 'image' && body && !error.retryable) body.cancel(error);
      throw error;
    }
    const resultUrl = parsed?.data?.image_url;
    if (typeof resultUrl !== 'string' || !/^https?:\/\//i.test(resultUrl)) {
      throw new CutoutError('transient', 'The upstream answered success without a result URL.', {
        reason: 'bad-response',
        status: response.status,
      });
    }
    const processingMs = performance.now() - started;
    const downloadStarted = performance.now();
    const png = await download(resultUrl, signal);
    const info = sniffImage(png);
    if (info?.format !== 'png' || info.width === undefined || info.height === undefined) {
      throw new CutoutError('transient', 'The upstream result is not a readable PNG.', {
        reason: 'bad-response',
      });
    }
    return {
      png,
      width: info.width,
      height: info.height,
      byteLength: png.byteLength,
      timings: { processingMs, downloadMs: performance.now() - downloadStarted },
    };
  };

  const doorAnswer = async (signal: AbortSignal): Promise<CutoutError | undefined> => {
    const probe = deadlineSignal([signal], 5_000);
    try {
      const answer = await postUpstream(
        endpoint,
        {
          Authorization: `Bearer ${apiKey}`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        new TextEncoder().encode('{"image_url":""}'),
        probe.signal,
        64 * 1024,
      );
      const retryAfter = answer.headers['retry-after'];
      const error = errorFromUpstream({
        status: answer.status,
        body: parseUpstreamBody(new TextDecoder().decode(answer.body)),
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      });
      if (error?.kind === 'auth') return upstreamAuthError(error);
      return error && ['credits', 'rate-limit'].includes(error.kind) ? error : undefined;
    } catch {
      return undefined;
    } finally {
      probe.clear();
    }
  };

  /** The one thing retried here: the result was made (and paid for) upstream already. */
  const download = async (url: string, signal: AbortSignal): Promise<Uint8Array> => {
    const started = Date.now();
    for (let n = 1; ; n++) {
      const dl = deadlineSignal([signal], downloadTimeoutMs);
      try {
        return await downloadWith(url, signal, dl.signal);
      } catch (error) {
        // An expired result needs a new upload: that is the client's retry, not ours.
        if (!isCutoutError(error) || signal.aborted || error.reason === 'result-expired') {
          throw error;
        }
        const delay = retryer.nextDelay(error, n, Date.now() - started);
        if (delay === undefined) throw error;
        await abortableDelay(delay, signal);
      } finally {
        dl.clear();
      }
    }
  };

  const downloadWith = async (
    url: string,
    signal: AbortSignal,
    dlSignal: AbortSignal,
  ): Promise<Uint8Array> => {
    let response: Awaited<ReturnType<typeof getUpstream>>;
    try {
      // No Authorization here: the result lives on a CDN, which must never see the key.
      response = await getUpstream(url, { Accept: 'image/png' }, dlSignal, maxResultBytes);
    } catch (error) {
      throw transportError(error, signal, dlSignal, 'download');
    }
    if (response.status === 404 || response.status === 410) {
      // 502, not the result server's 404/410: for our client this is a transient failure of
      // the upstream (retried), not a resource of ours that is gone (issue 14, item 2).
      throw new CutoutError(
        'transient',
        `The upstream result expired before it was downloaded (HTTP ${response.status}).`,
        { reason: 'result-expired', status: 502 },
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw new CutoutError('transient', `The result download failed (HTTP ${response.status}).`, {
        reason: 'download-failed',
        status: 502,
      });
    }
    if (response.tooLarge) {
      throw new CutoutError('transient', `The upstream result is over ${maxResultBytes} bytes.`, {
        reason: 'bad-response',
      });
    }
    return response.body;
  };

  // The last call that failed on the upstream's side since the last success, for
  // `/healthz?deep=1` (issue 14, item 8); the caller's own mistakes and aborts do not count.
  let lastError: EngineCheck['lastError'];
  const note = (error: unknown) => {
    if (!isCutoutError(error) || ['input', 'aborted', 'preflight'].includes(error.kind)) return;
    lastError = {
      kind: error.kind,
      reason: error.reason,
      status: error.status,
      at: new Date().toISOString(),
    };
  };

  return {
    name: 'codia',
    ready: () => apiKey.length > 0,
    async check(signal) {
      const found = await checkUpstream(endpoint, apiKey, signal);
      return lastError ? { ...found, lastError } : found;
    },
    async removeBackground(input, { signal }) {
      const body = input.type === 'image' ? createReplayableBody(input.data, 0) : undefined;
      try {
        const result = await attempt(input, body, signal);
        lastError = undefined;
        return result;
      } catch (error) {
        const e = isCutoutError(error) ? error : transportError(error, signal, signal, 'upload');
        body?.cancel(e);
        note(e);
        throw e;
      }
    },
  };
}

function upstreamAuthError(cause: CutoutError): CutoutError {
  return new CutoutError('transient', "The upstream refused the server's API key.", {
    reason: 'upstream-auth',
    status: 502,
    retryable: false,
    cause,
  });
}
