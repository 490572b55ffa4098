import { type EngineCheck, errorFromUpstream, type UpstreamBody } from '@cutout/core';
import { postUpstream } from './postUpstream';

/**
 * A question the upstream answers for free (`/healthz?deep=1`): a JSON call with an empty
 * `image_url`. The contract checks the key and the credits before the input, and bills only
 * successful calls, so the answer says whether the upstream is reachable, takes the key and
 * has credits (a 40001 means all three), without spending one.
 */
export async function checkUpstream(
  endpoint: string,
  apiKey: string,
  signal: AbortSignal,
): Promise<EngineCheck> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  let answer: Awaited<ReturnType<typeof postUpstream>>;
  try {
    answer = await postUpstream(
      endpoint,
      {
        Authorization: `Bearer ${apiKey}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      new TextEncoder().encode('{"image_url":""}'),
      signal,
      64 * 1024,
    );
  } catch (error) {
    // Only the error's code: a message could carry the upstream's address details.
    const code = (error as { code?: unknown } | null)?.code;
    return {
      ok: false,
      reason: 'upstream-unreachable',
      message: `The upstream did not answer${typeof code === 'string' ? ` (${code})` : signal.aborted ? ' in time' : ''}.`,
      ms: took(),
    };
  }
  let body: Partial<UpstreamBody> | undefined;
  try {
    body = JSON.parse(new TextDecoder().decode(answer.body)) as Partial<UpstreamBody>;
  } catch {
    body = undefined;
  }
  const error = errorFromUpstream({ status: answer.status, body });
  const ms = took();
  if (error?.kind === 'input') return { ok: true, reason: 'upstream-ok', ms };
  if (error?.kind === 'auth') {
    return {
      ok: false,
      reason: 'upstream-auth',
      message: "The upstream refused the server's API key.",
      ms,
    };
  }
  if (error?.kind === 'credits') {
    return {
      ok: false,
      reason: 'upstream-credits',
      message: 'The upstream account is out of credits.',
      ms,
    };
  }
  if (error?.kind === 'rate-limit') {
    // Reachable and serving, only not this instant: no reason to take this instance out.
    return {
      ok: true,
      reason: 'upstream-rate-limited',
      message: 'The upstream is rate limiting.',
      ms,
    };
  }
  return {
    ok: false,
    reason: 'upstream-error',
    message: `The upstream answered HTTP ${answer.status}${body?.code !== undefined ? ` / ${body.code}` : ''} to a free check.`,
    ms,
  };
}
