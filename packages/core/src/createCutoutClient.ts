import { raceAbort, throwIfAborted } from './abortableDelay';
import { CutoutError, isCutoutError } from './CutoutError';
import { createXhrTransport } from './createXhrTransport';
import { preflightInput, resolvePreflightOptions } from './preflight';
import { createRetryer } from './retry';
import { type AttemptContext, type AttemptState, runAttempt } from './runAttempt';
import { runBatch } from './runBatch';
import type { Transport } from './transport';
import type {
  Cutout,
  CutoutClient,
  CutoutClientOptions,
  CutoutInput,
  CutoutProgress,
  RemoveBackgroundOptions,
} from './types';

/** Default per-attempt stall timeout: no byte moved and no answer for this long → `timeout`. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/**
 * Creates the client. Nothing touches `window`, `document` or `XMLHttpRequest` until the
 * first call, so importing and creating it during SSR is safe.
 */
export function createCutoutClient(options: CutoutClientOptions): CutoutClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const postUrl = `${endpoint}/v1/open/remove_bg`;
  const preflight = resolvePreflightOptions(options.preflight);
  const retryer = createRetryer({ retry: options.retry });
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;

  // Browsers use XHR both ways (the one browser API with upload progress); Node and custom
  // fetches load the fetch transport on first use, so browser bundles never carry it.
  let transports: Promise<Transport> | undefined;
  const pickTransport = () =>
    (transports ??= (async () => {
      if (options.fetch === undefined && typeof globalThis.XMLHttpRequest === 'function') {
        return createXhrTransport(globalThis.XMLHttpRequest);
      }
      const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
      if (!fetchImpl) {
        throw new TypeError('No fetch or XMLHttpRequest: pass `fetch` to createCutoutClient.');
      }
      return (await import('./createFetchTransport')).createFetchTransport(fetchImpl);
    })());

  const headers = async (): Promise<Record<string, string>> => {
    const h = options.headers;
    return { ...(typeof h === 'function' ? await h() : (h ?? {})) };
  };

  /**
   * Absolute URLs of the endpoint, resolved per call (a relative endpoint needs the page's
   * location, which does not exist during SSR, where the client may still be created).
   */
  const resolveEndpoint = () => {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    try {
      return {
        postUrl: new URL(postUrl, base).href,
        resultBase: new URL(`${endpoint}/`, base).href,
      };
    } catch {
      // Fail fast: retrying a URL that cannot be parsed would only fail three more times.
      throw new CutoutError(
        'input',
        `The endpoint "${endpoint}" is relative and there is no page to resolve it against: pass an absolute URL outside browsers.`,
        { reason: 'invalid-endpoint', retryable: false },
      );
    }
  };

  const removeBackground = async (
    input: CutoutInput,
    call: RemoveBackgroundOptions = {},
  ): Promise<Cutout> => {
    const { signal, gate } = call;
    let callbackError: unknown;
    let attempt = 1;
    let last: CutoutProgress | undefined;
    // Guards the caller's callback: progress never goes back within a phase of an attempt,
    // and a throwing callback cannot break the transfer (its error is rethrown at the end).
    const emit = (p: Omit<CutoutProgress, 'attempt'>) => {
      const progress: CutoutProgress = { ...p, attempt };
      if (
        last &&
        last.attempt === attempt &&
        last.phase === progress.phase &&
        progress.loaded !== undefined &&
        (progress.loaded < (last.loaded ?? 0) ||
          (progress.loaded === last.loaded && progress.total === last.total))
      ) {
        return;
      }
      last = progress;
      try {
        call.onProgress?.(progress);
      } catch (error) {
        callbackError ??= error;
      }
    };

    throwIfAborted(signal);
    emit({ phase: 'preflight' });
    const prepared = await raceAbort(
      preflightInput(input, preflight, options.flatten ? { flatten: options.flatten } : {}),
      signal,
    );
    const resolved = resolveEndpoint();
    const query = call.output ? outputQuery(call.output) : '';
    const ctx: AttemptContext = {
      ...resolved,
      postUrl: query ? `${resolved.postUrl}?${query}` : resolved.postUrl,
      acceptAny: query !== '',
      headers,
      transport: await pickTransport(),
      stallTimeoutMs,
    };
    const state: AttemptState = { timings: { uploadMs: 0, processingMs: 0, downloadMs: 0 } };
    const result = await retryer.run(
      async (n) => {
        attempt = n;
        try {
          return await runAttempt(ctx, prepared, state, emit, signal);
        } catch (error) {
          // Even when this call will not retry (out of attempts or budget), the account is
          // still rate-limited: hold the rest of the pool for what the server advised.
          if (isCutoutError(error) && error.kind === 'rate-limit' && error.retryAfterMs) {
            gate?.pause(error.retryAfterMs);
          }
          throw error;
        }
      },
      {
        ...(signal ? { signal } : {}),
        beforeAttempt: async (_n, s) => gate?.wait(s),
        onRetry: (info) => {
          emit({ phase: 'retrying', retryInMs: info.retryInMs, error: info.error });
        },
        onDelay: (ms, error) => {
          if (error.kind === 'rate-limit') gate?.pause(ms);
        },
      },
    );
    const cutout: Cutout = {
      blob: new Blob([result.png as Uint8Array<ArrayBuffer>], { type: result.contentType }),
      width: result.width,
      height: result.height,
      attempts: attempt,
      timings: { ...state.timings },
      ...(state.review ? { review: state.review } : {}),
    };
    emit({ phase: 'done' });
    // The work succeeded but the caller's own callback threw: surface it, do not hide it.
    if (callbackError !== undefined) throw callbackError;
    return cutout;
  };

  const client: CutoutClient = {
    removeBackground: (input, call) => removeBackground(input, call),
    runBatch: (items, batch) => runBatch(items, batch ?? {}, removeBackground),
  };
  return client;
}

/**
 * Output options as a query string. Not validated here (the parser lives in the lazily
 * loaded '@cutout/core/output', kept out of the client's bundle): the proxy answers a bad
 * value with 400 / 40010 before it reads the upload.
 */
function outputQuery(output: NonNullable<RemoveBackgroundOptions['output']>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(output)) {
    if (value === undefined || value === '') continue;
    params.set(name, Array.isArray(value) ? value.join(' ') : String(value));
  }
  return params.toString();
}
