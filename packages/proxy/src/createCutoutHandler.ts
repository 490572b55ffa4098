import { CutoutError } from '@cutout/core';
import { contractJson, errorResponse, toCutoutError } from './contractResponse';
import { createCorsPolicy } from './cors';
import { createConcurrencyGate } from './createConcurrencyGate';
import { createDeepCheck } from './createDeepCheck';
import type { FetchImage } from './guards/createSafeFetch';
import { handleRemoveBg } from './handleRemoveBg';
import {
  type CutoutHandlerOptions,
  DEFAULT_LIMITS,
  DEFAULT_MAX_CONCURRENT,
  type ProxyLimits,
  type RequestInfo,
} from './handlerOptions';
import { healthAnswer } from './healthAnswer';
import { createHostPolicy, requestHost } from './hostPolicy';
import { createRateLimiter } from './rateLimit/createRateLimiter';
import { createMemoryResultStore } from './resultStore';

export interface CutoutHandler {
  (req: Request, info?: RequestInfo): Promise<Response>;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Graceful shutdown: new remove requests get 503 (`Retry-After: 1`), requests in flight
   * finish; resolves when none is left or after `timeoutMs` (default 30 s). The engine and
   * the stores stay yours to close.
   */
  close(timeoutMs?: number): Promise<void>;
}

const REMOVE_PATH = '/v1/open/remove_bg';
const RESULT_RE = /\/v1\/results\/([A-Za-z0-9-]{1,64})$/;

/**
 * The proxy as a fetch-style handler `(Request) => Promise<Response>`: mount it in a Next.js
 * route handler, Hono, Bun or a worker, or on node:http with `toNodeListener`. Routes are
 * matched by their ending, so it works under any prefix (`/api/cutout/v1/open/remove_bg`).
 */
export function createCutoutHandler(options: CutoutHandlerOptions): CutoutHandler {
  const limits: ProxyLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const results = options.results ?? createMemoryResultStore();
  const cors = createCorsPolicy(options.allowedOrigins);
  const hosts = createHostPolicy(options.allowedHosts);
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const gate = createConcurrencyGate({
    maxConcurrent,
    maxQueued: options.maxQueued ?? maxConcurrent * 2,
    queueTimeoutMs: options.queueTimeoutMs ?? 30_000,
  });
  const deepCheck = createDeepCheck(options.engine);
  const rateLimiter = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  const engine = options.engine;
  let fetchImage: Promise<FetchImage> | undefined;
  const getFetchImage = () => {
    const given = options.fetchImage;
    if (typeof given === 'function') return Promise.resolve(given);
    // Loaded on first use: it needs node:http, which edge runtimes lack and the Codia
    // engine (which passes URLs through) never uses.
    fetchImage ??= import('./guards/createSafeFetch').then((m) =>
      m.createSafeFetch({ maxBytes: limits.maxBytes, ...given }),
    );
    return fetchImage;
  };
  const resultUrl = (req: Request, id: string) => {
    if (options.publicUrl) return `${options.publicUrl.replace(/\/+$/, '')}/v1/results/${id}`;
    const url = new URL(req.url);
    const prefix = url.pathname.endsWith(REMOVE_PATH)
      ? url.pathname.slice(0, -REMOVE_PATH.length)
      : '';
    // The host the browser used (already vetted), so the result is same-origin for it even
    // where req.url names another (a Next.js route handler).
    return `${url.protocol}//${requestHost(req) || url.host}${prefix}/v1/results/${id}`;
  };

  let inFlight = 0;
  let draining = false;
  const idle = new Set<() => void>();

  const route = async (
    req: Request,
    info: RequestInfo,
  ): Promise<{ response: Response; bytesIn: number; error?: CutoutError }> => {
    const path = new URL(req.url).pathname;
    const corsHeaders = cors.headers(req);
    const method = req.method.toUpperCase();
    const isRemove = path.endsWith(REMOVE_PATH);
    const resultMatch = RESULT_RE.exec(path);
    const isHealth = path.endsWith('/healthz');

    if (!hosts.accepts(req, info.localAddress)) {
      // Before anything else, CORS preflights included: a rebound name gets nothing.
      const e = new CutoutError(
        'auth',
        'This host name is not allowed: add it to allowedHosts (CUTOUT_ALLOWED_HOSTS).',
        { reason: 'host-not-allowed', status: 403 },
      );
      return {
        response: withClose(
          contractJson(403, { code: 40300, message: e.message, reason: e.reason, data: null }),
        ),
        bytesIn: 0,
        error: e,
      };
    }

    if (method === 'OPTIONS' && (isRemove || resultMatch || isHealth)) {
      return { response: cors.preflight(req), bytesIn: 0 };
    }
    if (isHealth && (method === 'GET' || method === 'HEAD')) {
      const { status, body } = await healthAnswer(engine, deepCheck, req, draining);
      return {
        response: contractJson(status, body as never, corsHeaders),
        bytesIn: 0,
      };
    }
    if (resultMatch && (method === 'GET' || method === 'HEAD')) {
      return { response: await serveResult(resultMatch[1]!, method, corsHeaders), bytesIn: 0 };
    }
    if (isRemove && method === 'POST') {
      if (!cors.accepts(req)) {
        const e = new CutoutError('auth', 'This origin is not allowed to use the proxy.', {
          reason: 'origin-not-allowed',
          status: 403,
        });
        return {
          response: withClose(
            contractJson(403, { code: 40300, message: e.message, reason: e.reason, data: null }),
          ),
          bytesIn: 0,
          error: e,
        };
      }
      if (options.authorize) {
        let ok = false;
        try {
          ok = await options.authorize(req);
        } catch {
          ok = false;
        }
        if (!ok) {
          const e = new CutoutError('auth', 'Not authorised.', {
            reason: 'unauthorized',
            status: 401,
          });
          return { response: withClose(errorResponse(e, corsHeaders)), bytesIn: 0, error: e };
        }
      }
      let rateHeaders: Record<string, string> = {};
      if (rateLimiter) {
        const verdict = await rateLimiter.check(req, info);
        rateHeaders = verdict.headers;
        if (verdict.error) {
          return {
            response: withClose(errorResponse(verdict.error, { ...corsHeaders, ...rateHeaders })),
            bytesIn: 0,
            error: verdict.error,
          };
        }
      }
      if (draining) {
        const e = new CutoutError('transient', 'The proxy is shutting down.', {
          reason: 'shutting-down',
          status: 503,
          retryAfterMs: 1000,
        });
        return { response: withClose(errorResponse(e, corsHeaders)), bytesIn: 0, error: e };
      }
      let release: () => void;
      try {
        // Before the body is read: a refused upload costs neither bandwidth nor an engine call.
        release = await gate.acquire(req.signal);
      } catch (error) {
        const e = req.signal.aborted
          ? new CutoutError('aborted', 'The client went away.')
          : toCutoutError(error);
        return {
          response: withClose(errorResponse(e, { ...corsHeaders, ...rateHeaders })),
          bytesIn: 0,
          error: e,
        };
      }
      try {
        return await handleRemoveBg(req, {
          engine,
          limits,
          results,
          fetchImage: getFetchImage,
          resultUrl,
          headers: { ...corsHeaders, ...rateHeaders },
        });
      } finally {
        release();
      }
    }
    if (isRemove || resultMatch || isHealth) {
      return {
        response: contractJson(
          405,
          { code: 40500, message: 'Method not allowed.', data: null },
          corsHeaders,
        ),
        bytesIn: 0,
      };
    }
    return {
      response: contractJson(404, { code: 40400, message: 'Not found.', data: null }, corsHeaders),
      bytesIn: 0,
    };
  };

  const serveResult = async (id: string, method: string, headers: Record<string, string>) => {
    const entry = await results.get(id);
    if (!entry) {
      return contractJson(
        404,
        { code: 40400, message: 'This result does not exist or has expired.', data: null },
        headers,
      );
    }
    const maxAge = Math.max(0, Math.floor((entry.expiresAt - Date.now()) / 1000));
    return new Response(method === 'HEAD' ? null : (entry.png as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': entry.contentType ?? 'image/png',
        'Content-Length': String(entry.png.byteLength),
        // Private: the id is a capability; no shared cache should keep or serve it.
        'Cache-Control': `private, max-age=${maxAge}, immutable`,
        'X-Cutout-Width': String(entry.width),
        'X-Cutout-Height': String(entry.height),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };

  const handler = (async (req: Request, info: RequestInfo = {}) => {
    const started = performance.now();
    inFlight++;
    try {
      const outcome = await route(req, info).catch((error: unknown) => ({
        response: errorResponse(error),
        bytesIn: 0,
        error: undefined,
      }));
      if (options.onLog) {
        const len = Number(outcome.response.headers.get('content-length') ?? Number.NaN);
        options.onLog({
          method: req.method,
          path: new URL(req.url).pathname,
          status: outcome.response.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          engine: engine.name,
          bytes: outcome.bytesIn,
          bytesOut: Number.isFinite(len) ? len : 0,
          ...(outcome.error
            ? {
                error: {
                  kind: outcome.error.kind,
                  reason: outcome.error.reason,
                  code: outcome.error.code,
                },
              }
            : {}),
        });
      }
      return outcome.response;
    } finally {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle) resolve();
    }
  }) as CutoutHandler;

  Object.defineProperty(handler, 'inFlight', { get: () => inFlight });
  handler.close = (timeoutMs = 30_000) => {
    draining = true;
    if (inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        idle.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      idle.add(done);
    });
  };
  return handler;
}

function withClose(response: Response): Response {
  response.headers.set('Connection', 'close');
  return response;
}
