import { CutoutError } from './CutoutError';

/**
 * Why a browser request failed with no answer, as far as a page can tell (issue 15 §8). XHR
 * and fetch report a CORS refusal exactly like an unreachable server; two probes tell them
 * apart: a `no-cors` GET settles when the server answered at all (its answer stays opaque), a
 * `cors` GET fails when the server answers without allowing this page's origin. Reachable but
 * refusing our origin is a CORS refusal: not retryable, since another try gets the same
 * answer. Anything else stays a retryable connection failure. Same-origin requests and
 * non-browser runtimes skip the probes (CORS cannot be the cause), and so does a failure after
 * an answer had started (`url` undefined): that is a broken connection.
 */
export async function explainConnectionFailure(url: string | undefined): Promise<CutoutError> {
  const failed = () =>
    new CutoutError('network', 'The connection failed.', { reason: 'connection-failed' });
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (url === undefined || !origin || typeof fetch !== 'function') return failed();
  let target: URL;
  try {
    target = new URL(url, origin);
  } catch {
    return failed();
  }
  if (target.origin === origin) return failed();
  const probe = (mode: RequestMode) =>
    fetch(target.href, {
      method: 'GET',
      mode,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    }).then(
      () => true,
      () => false,
    );
  if (!(await probe('no-cors'))) return failed();
  if (await probe('cors')) return failed();
  return new CutoutError(
    'network',
    `The server at ${target.origin} answered but does not allow requests from ${origin} (CORS).`,
    { reason: 'cors-refused', retryable: false },
  );
}
