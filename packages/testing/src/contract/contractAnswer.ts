import { UpstreamCode } from '@cutout/core';
import type { FaultKind } from './faultKinds';

/**
 * Body codes for the two HTTP errors the contract names only by status (402, 401). Same
 * values as `upstreamAnswerFor()` in @cutout/core, so the fake and our proxy agree.
 */
export const CREDITS_CODE = 40200;
export const AUTH_CODE = 40100;

/** One answer of the contract, independent of node:http or the Fetch API. */
export interface ContractAnswer {
  status: number;
  /** The body code, when the body is the contract's JSON. */
  code?: number;
  /** Outcome name for answers without contract JSON ('html-5xx', 'bad-json'). */
  label?: string;
  headers: Record<string, string>;
  body: string;
}

export interface AnswerOptions {
  /** Seconds for `Retry-After` on injected 429 and 503 answers. Default 1. */
  retryAfterS?: number | undefined;
  /**
   * Answer body-code errors (40001–40003, 50000) with HTTP 200, as the upstream does for some
   * errors: proves a client reads the body code, not just the status.
   */
  errorsAsHttp200?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export function jsonAnswer(
  status: number,
  code: number,
  message: string,
  data: { image_url: string } | null = null,
  headers: Record<string, string> = {},
): ContractAnswer {
  return {
    status,
    code,
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify({ code, message, data }),
  };
}

export function successAnswer(imageUrl: string): ContractAnswer {
  return jsonAnswer(200, UpstreamCode.ok, 'ok', { image_url: imageUrl });
}

/** A contract error by body code, with the HTTP status our kit (and core) expects for it. */
export function errorAnswer(
  code: number,
  message: string,
  options: AnswerOptions = {},
): ContractAnswer {
  const status = statusForCode(code);
  const retryAfter: Record<string, string> =
    code === UpstreamCode.rateLimited ? { 'retry-after': String(options.retryAfterS ?? 1) } : {};
  const asOk = options.errorsAsHttp200 && (status === 400 || status === 413 || status === 500);
  return jsonAnswer(asOk ? 200 : status, code, message, null, retryAfter);
}

export function statusForCode(code: number): number {
  switch (code) {
    case UpstreamCode.ok:
      return 200;
    case UpstreamCode.tooLarge:
      return 413;
    case UpstreamCode.rateLimited:
      return 429;
    case UpstreamCode.transient:
      return 500;
    case CREDITS_CODE:
      return 402;
    case AUTH_CODE:
      return 401;
    default:
      return 400;
  }
}

/**
 * The answer for a fault that is a plain HTTP answer; undefined for faults that are
 * behaviour instead (reset, network-error, stall, expired-result, slow-drip).
 */
export function faultAnswer(
  kind: FaultKind,
  options: AnswerOptions = {},
): ContractAnswer | undefined {
  switch (kind) {
    case 'transient':
      return errorAnswer(UpstreamCode.transient, 'Internal server error, please retry.', options);
    case 'http-503':
      return jsonAnswer(503, UpstreamCode.transient, 'Service temporarily overloaded.', null, {
        'retry-after': String(options.retryAfterS ?? 1),
      });
    case 'html-5xx':
      return {
        status: 502,
        label: 'html-5xx',
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n',
      };
    case 'bad-json':
      return {
        status: 200,
        label: 'bad-json',
        headers: JSON_TYPE,
        body: '{"code":0,"message":"ok","data":{"image_url":"https://cdn.codia.invalid/res',
      };
    case 'rate-limit':
      return errorAnswer(UpstreamCode.rateLimited, 'Rate limit exceeded.', options);
    case 'credits':
      return errorAnswer(CREDITS_CODE, 'Insufficient credits.', options);
    case 'auth':
      return jsonAnswer(401, AUTH_CODE, 'Invalid or missing API key.', null, {
        'www-authenticate': 'Bearer',
      });
    case 'missing-url':
      return errorAnswer(UpstreamCode.missingUrl, 'image_url is missing or unreachable.', options);
    case 'unsupported-format':
      return errorAnswer(UpstreamCode.unsupportedFormat, 'Unsupported image format.', options);
    case 'too-large':
      return errorAnswer(UpstreamCode.tooLarge, 'Image exceeds the size limit.', options);
    default:
      return undefined;
  }
}
