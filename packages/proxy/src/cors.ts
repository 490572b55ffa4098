import { requestHost } from './hostPolicy';

export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

const EXPOSED = [
  'X-Cutout-Width',
  'X-Cutout-Height',
  'X-Cutout-Review',
  'Server-Timing',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
].join(', ');

export interface CorsPolicy {
  /** True for a request with no Origin, from our own host, or from an allowed origin. */
  accepts(req: Request): boolean;
  /** Headers to add to the answer for this request (none for same-origin requests). */
  headers(req: Request): Record<string, string>;
  /** The answer to a CORS preflight (OPTIONS). */
  preflight(req: Request): Response;
}

/**
 * CORS by allow-list. Nothing is allowed cross-origin by default, and `'*'` must be listed
 * explicitly. Cross-origin POSTs from other sites are refused outright, not only hidden
 * from them: a multipart POST needs no preflight, and each call spends credits.
 */
export function createCorsPolicy(allowed: AllowedOrigins = []): CorsPolicy {
  const list = typeof allowed === 'function' ? undefined : new Set(allowed);
  const isAllowed = (origin: string) =>
    typeof allowed === 'function' ? allowed(origin) : list!.has('*') || list!.has(origin);
  // Same origin means the Origin's host is the Host the browser sent, not `req.url`'s host:
  // behind a Next.js route handler those differ (issue 15, item 2). The Host itself is
  // vetted by the host allow-list first (DNS rebinding, issue 14 item 4).
  const sameHost = (req: Request, origin: string) => {
    try {
      return new URL(origin).host === new URL(`http://${requestHost(req)}`).host;
    } catch {
      return false;
    }
  };
  const crossOrigin = (req: Request) => {
    const origin = req.headers.get('origin');
    if (!origin || sameHost(req, origin)) return undefined;
    return origin;
  };
  return {
    accepts(req) {
      const origin = crossOrigin(req);
      return origin === undefined || isAllowed(origin);
    },
    headers(req): Record<string, string> {
      const origin = crossOrigin(req);
      if (origin === undefined || !isAllowed(origin)) return {};
      return {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': EXPOSED,
        Vary: 'Origin',
      };
    },
    preflight(req) {
      const origin = crossOrigin(req);
      if (origin !== undefined && !isAllowed(origin)) {
        return new Response(null, { status: 403, headers: { Vary: 'Origin' } });
      }
      const requested = req.headers.get('access-control-request-headers');
      return new Response(null, {
        status: 204,
        headers: {
          ...(origin !== undefined ? this.headers(req) : {}),
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          ...(requested ? { 'Access-Control-Allow-Headers': requested } : {}),
          'Access-Control-Max-Age': '600',
        },
      });
    },
  };
}
