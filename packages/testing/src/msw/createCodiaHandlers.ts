import { sniffImage, UpstreamCode } from '@cutout/core';
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import {
  type AnswerOptions,
  type ContractAnswer,
  errorAnswer,
  faultAnswer,
  successAnswer,
} from '../contract/contractAnswer';
import {
  type CodiaState,
  type CodiaStateOptions,
  createCodiaState,
  type FakeCodiaRequest,
  type FakeCodiaStats,
  type Scenario,
} from '../contract/createCodiaState';
import type { FaultKind } from '../contract/faultKinds';
import { makeSyntheticCutout } from './makeSyntheticCutout';
import { readRequestImage, requestMode } from './readRequestImage';

export interface CodiaHandlersOptions extends CodiaStateOptions, AnswerOptions {
  /**
   * Prefix of the routes. Default '' (same origin, relative), matching our proxy's routes
   * `POST /v1/open/remove_bg`, `GET /v1/results/:id`, `GET /healthz`. Use
   * 'https://api.codia.ai' to mock the upstream itself.
   */
  baseUrl?: string;
  /** Processing time of each call (MSW's `delay`, so fake timers drive it). Default 0. */
  latencyMs?: number;
  /** When set, calls need `Authorization: Bearer <apiKey>` (the upstream); our proxy needs none. */
  apiKey?: string;
  /** Image size limit → 40003. Default 25 MB. */
  maxBytes?: number;
  /** Pace of the 'slow-drip' scenario: 8 bytes every this many ms. Default 50. */
  dripIntervalMs?: number;
}

export interface CodiaMock {
  /** For `setupServer(...handlers)`, `worker.use(...)` or a story's `parameters.msw.handlers`. */
  handlers: RequestHandler[];
  readonly stats: FakeCodiaStats;
  readonly requests: readonly FakeCodiaRequest[];
  readonly credits: number;
  /** The next calls fail with these kinds, in this order. */
  script(...kinds: FaultKind[]): void;
  setCredits(credits: number): void;
  /** What every call does from now on (after any script): 'success' or a fault kind. */
  setScenario(scenario: Scenario): void;
  reset(): void;
}

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/**
 * MSW handlers for the remove_bg contract, state and all (credits, scripts, rate limit,
 * expiring results), for jsdom tests and Storybook. Browser-safe: results are synthetic RGBA
 * PNGs of the input's size (read from its header), made without sharp.
 */
export function createCodiaMock(options: CodiaHandlersOptions = {}): CodiaMock {
  const state = createCodiaState(options);
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const answerOptions: AnswerOptions = {
    errorsAsHttp200: options.errorsAsHttp200 ?? false,
    retryAfterS: options.retryAfterS,
  };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  const handlers = [
    http.post(`${base}/v1/open/remove_bg`, ({ request }) =>
      removeBg(request, state, {
        base,
        answerOptions,
        maxBytes,
        latencyMs: options.latencyMs ?? 0,
        apiKey: options.apiKey,
        dripIntervalMs: options.dripIntervalMs ?? 50,
      }),
    ),
    http.get(`${base}/v1/results/:id`, ({ params }) => {
      const id = String(params.id).replace(/\.png$/, '');
      const found = state.results.get(id, state.now());
      if (found.state === 'expired')
        return HttpResponse.text('This result URL has expired.', { status: 410 });
      if (found.state === 'unknown') return HttpResponse.text('No such result.', { status: 404 });
      state.stats.resultsServed++;
      return pngResponse(found.result.bytes);
    }),
    http.get(`${base}/healthz`, () => HttpResponse.json({ status: 'ok', engine: 'msw' })),
  ];

  return {
    handlers,
    stats: state.stats,
    requests: state.requests,
    get credits() {
      return state.credits;
    },
    script: (...kinds) => state.script(...kinds),
    setCredits: (n) => state.setCredits(n),
    setScenario: (s) => state.setScenario(s),
    reset: () => state.reset(),
  };
}

/** Just the handlers: `parameters: { msw: { handlers: createCodiaHandlers({ scenario: 'credits' }) } }`. */
export function createCodiaHandlers(options: CodiaHandlersOptions = {}): RequestHandler[] {
  return createCodiaMock(options).handlers;
}

interface CallOptions {
  base: string;
  answerOptions: AnswerOptions;
  maxBytes: number;
  latencyMs: number;
  apiKey: string | undefined;
  dripIntervalMs: number;
}

async function removeBg(request: Request, state: CodiaState, o: CallOptions): Promise<Response> {
  const call = state.open(requestMode(request));
  const respond = (a: ContractAnswer): Response => {
    call.finish({ status: a.status, code: a.code, label: a.label });
    return new HttpResponse(a.body, { status: a.status, headers: a.headers });
  };
  const drop = (label: string): Response => {
    call.finish({ label });
    return HttpResponse.error();
  };
  const readBody = async () => {
    if (!request.bodyUsed) call.received((await request.arrayBuffer()).byteLength);
  };

  if (o.apiKey !== undefined && request.headers.get('authorization') !== `Bearer ${o.apiKey}`) {
    return respond(faultAnswer('auth')!);
  }
  const admission = state.admit();
  if (!admission.ok) {
    const fault = admission.fault;
    if (admission.injected) call.fault = fault;
    switch (fault) {
      case 'network-error':
        return drop(fault);
      case 'reset':
        await readBody().catch(() => {});
        return drop(fault);
      case 'stall':
        await readBody().catch(() => {});
        // "Stays processing": answers only when the client gives up.
        await new Promise<void>((resolve) => {
          if (request.signal.aborted) resolve();
          request.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        return drop(fault);
      case 'rate-limit':
      case 'credits':
      case 'credits-reset':
      case 'auth':
        return respond(
          faultAnswer(fault === 'credits-reset' ? 'credits' : fault, {
            ...o.answerOptions,
            retryAfterS: admission.retryAfterS ?? o.answerOptions.retryAfterS,
          })!,
        );
      default:
        await readBody().catch(() => {});
        if (o.latencyMs > 0) await delay(o.latencyMs);
        return respond(faultAnswer(fault, o.answerOptions)!);
    }
  }

  call.fault = admission.quirk;
  let success = false;
  try {
    const image = await readRequestImage(request, o.maxBytes, (n) => call.received(n));
    if (!image.ok) return respond(faultAnswer(image.fault, o.answerOptions)!);
    const info = sniffImage(image.bytes);
    if (!info?.width || !info.height) {
      const message = 'Unsupported image format: send JPEG, PNG or WEBP.';
      return respond(errorAnswer(UpstreamCode.unsupportedFormat, message, o.answerOptions));
    }
    if (o.latencyMs > 0) await delay(o.latencyMs);
    const png = await makeSyntheticCutout({ width: info.width, height: info.height });
    const ttl = admission.quirk === 'expired-result' ? 0 : state.resultTtlMs;
    const id = state.results.put(
      { bytes: png, width: info.width, height: info.height },
      state.now(),
      ttl,
    );
    success = true;
    // Like our proxy: a client that accepts PNG gets it at once, one round trip instead of two.
    if ((request.headers.get('accept') ?? '').includes('image/png') && !admission.quirk) {
      call.finish({ status: 200, code: UpstreamCode.ok });
      return pngResponse(png);
    }
    const ok = successAnswer(`${o.base}/v1/results/${id}`);
    if (admission.quirk === 'slow-drip') {
      call.finish({ status: ok.status, code: ok.code });
      return new HttpResponse(drip(ok.body, o.dripIntervalMs), {
        status: ok.status,
        headers: ok.headers,
      });
    }
    return respond(ok);
  } finally {
    admission.settle(success);
  }
}

function pngResponse(png: Uint8Array): Response {
  // Always our own encoder's output, backed by a plain ArrayBuffer.
  return new HttpResponse(png as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': 'image/png',
      'content-length': String(png.length),
      'cache-control': 'no-store',
    },
  });
}

function drip(text: string, intervalMs: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      await delay(intervalMs);
      controller.enqueue(bytes.slice(offset, offset + 8));
      offset += 8;
      if (offset >= bytes.length) controller.close();
    },
  });
}
