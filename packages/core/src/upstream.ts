import { CutoutError, type CutoutErrorKind } from './CutoutError';

/** Codes of the upstream contract (shared/UPSTREAM-API.md). */
export const UpstreamCode = {
  ok: 0,
  missingUrl: 40001,
  unsupportedFormat: 40002,
  tooLarge: 40003,
  rateLimited: 42900,
  transient: 50000,
} as const;
export type UpstreamCode = (typeof UpstreamCode)[keyof typeof UpstreamCode];

/**
 * Our own body codes for the output options (issue #12), beside the contract's (40001–40003,
 * 42900, 50000) and the proxy's 40100 / 40200 / 40300 / 40400 / 40500: none collides.
 */
export const OutputCode = {
  /** A bad output option value (HTTP 400). */
  badOption: 40010,
  /** The output would be larger than the proxy's pixel limit (HTTP 413). */
  tooLarge: 40011,
} as const;

/** The JSON body every answer of the upstream (and of our proxy) has. */
export interface UpstreamBody {
  code: number;
  message: string;
  data?: { image_url?: string } | null;
  /** Our proxy's detail within the kind (e.g. `upstream-auth`); not part of the upstream's answers. */
  reason?: string;
}

/** A reason as our servers write them (a short kebab-case word); anything else is ignored. */
function bodyReason(body: Partial<UpstreamBody> | undefined): string | undefined {
  const r = body?.reason;
  return typeof r === 'string' && /^[a-z-]{1,40}$/.test(r) ? r : undefined;
}

const INPUT_REASONS: Record<number, string> = {
  [UpstreamCode.missingUrl]: 'missing-url',
  [UpstreamCode.unsupportedFormat]: 'unsupported-format',
  [UpstreamCode.tooLarge]: 'too-large',
};

/** The contract's JSON body of an answer, or undefined when the text is not a JSON object. */
export function parseUpstreamBody(text: string): Partial<UpstreamBody> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Partial<UpstreamBody>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds from `now`, never negative; undefined when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface UpstreamAnswer {
  status: number;
  /** Parsed JSON body, or undefined when the body was not the contract's JSON. */
  body?: Partial<UpstreamBody> | undefined;
  retryAfter?: string | null | undefined;
  now?: number;
}

/**
 * Maps an answer of the upstream contract to a `CutoutError`, or returns undefined when it
 * is a success (HTTP 2xx and `code` 0). Body codes win over HTTP statuses: the upstream
 * answers some errors with HTTP 200.
 */
export function errorFromUpstream(answer: UpstreamAnswer): CutoutError | undefined {
  const { status, body } = answer;
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const retryAfterMs = parseRetryAfter(answer.retryAfter, answer.now);
  const base = { status, code, retryAfterMs };

  if (status >= 200 && status < 300 && code === UpstreamCode.ok) return undefined;

  if (status === 402) {
    return new CutoutError('credits', 'Out of credits.', { ...base, reason: 'out-of-credits' });
  }
  if (status === 401 || status === 403) {
    return new CutoutError('auth', 'Not authorised by the server.', {
      ...base,
      reason: status === 401 ? 'unauthorized' : 'forbidden',
    });
  }
  if (code === UpstreamCode.rateLimited || status === 429) {
    return new CutoutError('rate-limit', 'Rate limit exceeded.', base);
  }
  if (code === OutputCode.badOption || code === OutputCode.tooLarge) {
    // Our proxy's own text: it names the option and the values it takes.
    const message = typeof body?.message === 'string' ? body.message.slice(0, 500) : '';
    return new CutoutError('input', message || 'Bad output option.', {
      ...base,
      reason: code === OutputCode.badOption ? 'bad-output-option' : 'output-too-large',
    });
  }
  if (code !== undefined && INPUT_REASONS[code] !== undefined) {
    return new CutoutError('input', inputMessage(code), {
      ...base,
      reason: bodyReason(body) ?? INPUT_REASONS[code],
    });
  }
  if (code === UpstreamCode.transient || status >= 500) {
    // The proxy's reason comes through; `upstream-auth` (the server's own key refused by the
    // upstream) is a misconfiguration that no retry fixes.
    const reason = bodyReason(body);
    const serverKey = reason === 'upstream-auth';
    return new CutoutError(
      'transient',
      serverKey
        ? "The server's API key was refused by the upstream."
        : 'The server had a temporary problem.',
      { ...base, reason, retryable: serverKey ? false : undefined },
    );
  }
  if (status >= 400) {
    return new CutoutError('input', `The server refused the request (HTTP ${status}).`, {
      ...base,
      reason: 'rejected',
    });
  }
  if (body === undefined || code === undefined) {
    // 2xx with no contract JSON: a broken proxy or CDN page, worth another try.
    return new CutoutError('transient', 'The server answered with an unreadable body.', {
      ...base,
      reason: 'bad-response',
    });
  }
  return new CutoutError('transient', `The server answered with unknown code ${code}.`, {
    ...base,
    reason: 'unknown-code',
  });
}

function inputMessage(code: number): string {
  switch (code) {
    case UpstreamCode.missingUrl:
      return 'The image URL is missing or unreachable.';
    case UpstreamCode.unsupportedFormat:
      return 'Unsupported image format.';
    default:
      return 'The image is over the size limit.';
  }
}

/**
 * The reverse mapping, for servers that speak the contract (our proxy, the fake):
 * HTTP status and body code for an error kind.
 */
export function upstreamAnswerFor(error: Pick<CutoutError, 'kind' | 'reason' | 'code'>): {
  status: number;
  code: number;
} {
  const kind: CutoutErrorKind = error.kind;
  switch (kind) {
    case 'preflight':
    case 'input': {
      if (error.code === OutputCode.badOption) return { status: 400, code: error.code };
      if (error.code === OutputCode.tooLarge) return { status: 413, code: error.code };
      if (error.code !== undefined && INPUT_REASONS[error.code] !== undefined) {
        return { status: error.code === UpstreamCode.tooLarge ? 413 : 400, code: error.code };
      }
      if (error.reason === 'too-large' || error.reason === 'too-many-pixels') {
        return { status: 413, code: UpstreamCode.tooLarge };
      }
      if (
        error.reason === 'missing-url' ||
        error.reason === 'unreachable' ||
        error.reason === 'blocked-url'
      ) {
        return { status: 400, code: UpstreamCode.missingUrl };
      }
      return { status: 400, code: UpstreamCode.unsupportedFormat };
    }
    case 'credits':
      return { status: 402, code: 40200 };
    case 'auth':
      return { status: 401, code: 40100 };
    case 'rate-limit':
      return { status: 429, code: UpstreamCode.rateLimited };
    case 'timeout':
      return { status: 504, code: UpstreamCode.transient };
    case 'aborted':
      return { status: 499, code: UpstreamCode.transient };
    default:
      return { status: 502, code: UpstreamCode.transient };
  }
}
