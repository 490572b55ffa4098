/**
 * The one error class of the kit. Users branch on `kind` (and `reason` for preflight);
 * retry decisions read `retryable` and nothing else.
 *
 * | kind         | from                                              | retried |
 * |--------------|---------------------------------------------------|---------|
 * | `preflight`  | bad format, over the size limit, too small        | no      |
 * | `input`      | 40001, 40002, 40003, other 4xx                    | no      |
 * | `credits`    | HTTP 402                                          | no      |
 * | `auth`       | HTTP 401/403                                      | no      |
 * | `rate-limit` | 42900, HTTP 429 (honours `Retry-After`)           | yes     |
 * | `transient`  | 50000, HTTP 5xx                                   | yes     |
 * | `network`    | connection failed or reset                        | yes     |
 * | `timeout`    | timed out                                         | yes     |
 * | `aborted`    | the caller's signal                               | no      |
 */
export type CutoutErrorKind =
  | 'preflight'
  | 'input'
  | 'credits'
  | 'auth'
  | 'rate-limit'
  | 'transient'
  | 'network'
  | 'timeout'
  | 'aborted';

/**
 * Machine-readable detail within a kind. Preflight reasons are fixed; other kinds may carry
 * a reason such as `missing-url`, `unsupported-format`, `too-large`, `bad-response`.
 */
export type PreflightReason =
  | 'empty'
  | 'unsupported-format'
  | 'too-large'
  | 'too-small'
  | 'unreadable'
  | 'too-many-pixels'
  /** A URL input that is not an absolute http(s) URL. */
  | 'invalid-url';

export interface CutoutErrorOptions {
  reason?: string;
  /** HTTP status of the answer that caused it, if any. */
  status?: number;
  /** Upstream `code` from the JSON body (40001, 42900, …), if any. */
  code?: number;
  /** How long the server asked us to wait (from `Retry-After`), in ms. */
  retryAfterMs?: number;
  /** Overrides the default for the kind. */
  retryable?: boolean;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<CutoutErrorKind> = new Set([
  'rate-limit',
  'transient',
  'network',
  'timeout',
]);

export class CutoutError extends Error {
  /**
   * Brand for `isCutoutError()`: `instanceof` breaks when two copies of the package end up
   * in one bundle, a string-keyed brand does not.
   */
  readonly isCutoutError = true as const;
  readonly kind: CutoutErrorKind;
  readonly reason: string | undefined;
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(kind: CutoutErrorKind, message: string, options: CutoutErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CutoutError';
    this.kind = kind;
    this.reason = options.reason;
    this.status = options.status;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(kind);
  }

  /** A plain object safe to log or send as JSON (no cause chain, no stack). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      reason: this.reason,
      message: this.message,
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isCutoutError(value: unknown): value is CutoutError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { isCutoutError?: unknown }).isCutoutError === true
  );
}

/** Every failure callers see is a CutoutError; anything else (a bug, a custom client) becomes one. */
export function asCutoutError(thrown: unknown): CutoutError {
  return isCutoutError(thrown)
    ? thrown
    : new CutoutError('transient', 'Unexpected failure.', {
        reason: 'unexpected',
        retryable: false,
        cause: thrown,
      });
}
