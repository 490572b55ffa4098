import { CutoutError, isCutoutError, type UpstreamBody, upstreamAnswerFor } from '@cutout/core';

/**
 * Every JSON answer of the proxy has the upstream's shape (`{ code, message, data }`,
 * shared/UPSTREAM-API.md), so the same client code reads the proxy and the service.
 */
export function contractJson(
  status: number,
  body: UpstreamBody,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // Known length: keep-alive without chunking, and the request log counts the bytes.
      'Content-Length': String(new TextEncoder().encode(text).byteLength),
      // Answers of this API are per request; never let a shared cache keep one.
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/**
 * The answer for an error. Messages are our own fixed texts (never the upstream's body, a
 * header or a URL with credentials), so nothing secret can reach the client through them.
 */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const e = toCutoutError(error);
  const mapped = upstreamAnswerFor(e);
  // A status the error already carries wins when it is an error status (413 vs 400, 408 for
  // a slow upload, 503 while shutting down, the upstream's own 503); the body code is the
  // contract's in every case.
  const status =
    e.status !== undefined && e.status >= 400 && e.status < 600 ? e.status : mapped.status;
  const { code } = mapped;
  const extra: Record<string, string> = { ...headers };
  if (e.retryAfterMs !== undefined) {
    extra['Retry-After'] = String(Math.max(1, Math.ceil(e.retryAfterMs / 1000)));
  }
  // `reason` is ours, beside the contract's fields: clients can tell `upstream-auth` (the
  // server's key) from a 401 of authorize() without parsing messages.
  const body = e.reason
    ? { code, message: e.message, reason: e.reason, data: null }
    : { code, message: e.message, data: null };
  return contractJson(status, body, extra);
}

/** Anything thrown inside the proxy becomes a CutoutError; unknown failures are transient. */
export function toCutoutError(error: unknown): CutoutError {
  if (isCutoutError(error)) return error;
  return new CutoutError('transient', 'The proxy had an internal error.', {
    reason: 'internal',
    cause: error,
  });
}
