/**
 * Everything the fake can be told to do instead of a plain success, by script
 * (`fake.script(...)`), at random (`faults: { rate, kinds }`) or, in the MSW handlers, as a
 * fixed `scenario`. Names follow what a client sees, so tests read like the failure they
 * provoke.
 */
export type FaultKind =
  /** HTTP 500, body code 50000 (the contract's transient error). */
  | 'transient'
  /** HTTP 503, body code 50000 and `Retry-After` (an overloaded upstream). */
  | 'http-503'
  /** HTTP 502 with an HTML page, as a gateway in front of the service answers. */
  | 'html-5xx'
  /** HTTP 200 whose JSON body is cut off mid-way. */
  | 'bad-json'
  /** HTTP 429, body code 42900 and `Retry-After`. */
  | 'rate-limit'
  /** HTTP 402, answered before the upload is read. */
  | 'credits'
  /**
   * HTTP 402 answered before the upload is read, then the connection is reset by the refused
   * upload still coming in: the status line arrives, its body never does (a load balancer in
   * front of the service does this). The MSW handlers answer it as a plain 'credits'.
   */
  | 'credits-reset'
  /** HTTP 401, as with a wrong key. */
  | 'auth'
  /** Body code 40001: `image_url` missing or unreachable (HTTP 400). */
  | 'missing-url'
  /** Body code 40002: unsupported format (HTTP 400). */
  | 'unsupported-format'
  /** Body code 40003: image over the size limit (HTTP 413). */
  | 'too-large'
  /** The connection is destroyed mid-upload (after the first body bytes arrive). */
  | 'reset'
  /** The connection is destroyed before anything is read or answered. */
  | 'network-error'
  /** The request is never answered (until the client gives up or the fake closes). */
  | 'stall'
  /** A success whose result URL has already expired (its download answers 410). */
  | 'expired-result'
  /** A success whose JSON body trickles out a few bytes at a time. */
  | 'slow-drip';

export const FAULT_KINDS: readonly FaultKind[] = [
  'transient',
  'http-503',
  'html-5xx',
  'bad-json',
  'rate-limit',
  'credits',
  'credits-reset',
  'auth',
  'missing-url',
  'unsupported-format',
  'too-large',
  'reset',
  'network-error',
  'stall',
  'expired-result',
  'slow-drip',
];

/** Faults that still run the call to its end (and cost a credit), then alter the answer. */
export type SuccessQuirk = Extract<FaultKind, 'expired-result' | 'slow-drip'>;

export function isSuccessQuirk(kind: FaultKind): kind is SuccessQuirk {
  return kind === 'expired-result' || kind === 'slow-drip';
}

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}
