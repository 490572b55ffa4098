import type { IncomingMessage, ServerResponse } from 'node:http';
import { sniffImage, UpstreamCode } from '@cutout/core';
import {
  type AnswerOptions,
  type ContractAnswer,
  errorAnswer,
  faultAnswer,
  successAnswer,
} from '../contract/contractAnswer';
import type { CallHandle, CodiaState } from '../contract/createCodiaState';
import type { FaultKind } from '../contract/faultKinds';
import { isAuthorized } from './isAuthorized';
import { keyOutBackground } from './keyOutBackground';
import { callMode, readUpload } from './readUpload';
import { refuseUnread, sendAnswer } from './sendAnswer';
import { sleep } from './sleep';

export interface RemoveBgContext {
  state: CodiaState;
  apiKey: string;
  latencyMs: number;
  maxBytes: number;
  imageUrlTimeoutMs: number;
  dripIntervalMs: number;
  workMaxPixels?: number | undefined;
  answerOptions: AnswerOptions;
  /** Aborted when the fake closes: every wait and download ends at once. */
  closing: AbortSignal;
  resultUrl(id: string): string;
}

type Outcome = { status?: number; code?: number; label?: string };

/** `POST /v1/open/remove_bg`: one call of the contract, from auth to the answer. */
export async function handleRemoveBg(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RemoveBgContext,
): Promise<void> {
  const call = ctx.state.open(callMode(req));
  // Ends waits, downloads and drips when the client goes away or the fake closes.
  const gone = new AbortController();
  const abort = () => gone.abort();
  ctx.closing.addEventListener('abort', abort, { once: true });
  let outcome: Outcome | undefined;
  res.on('close', () => {
    ctx.closing.removeEventListener('abort', abort);
    gone.abort();
    call.finish(outcome ?? { label: 'aborted' });
  });
  const answer = (a: ContractAnswer, unread = false) => {
    outcome = { status: a.status, code: a.code, label: a.label };
    if (unread) refuseUnread(req, res, a);
    else sendAnswer(res, a);
  };

  if (!isAuthorized(req.headers.authorization, ctx.apiKey)) {
    answer(faultAnswer('auth')!, true);
    return;
  }
  const admission = ctx.state.admit();
  if (!admission.ok) {
    if (admission.injected) call.fault = admission.fault;
    await runFault(admission.fault, admission.retryAfterS);
    return;
  }
  call.fault = admission.quirk;
  let success = false;
  try {
    const upload = await readUpload(req, {
      maxBytes: ctx.maxBytes,
      onBytes: (n) => call.received(n),
      signal: gone.signal,
      imageUrlTimeoutMs: ctx.imageUrlTimeoutMs,
    });
    if (!upload.ok) {
      answer(faultAnswer(upload.fault, ctx.answerOptions)!, upload.early);
      return;
    }
    if (!sniffImage(upload.bytes)) {
      const message = 'Unsupported image format: send JPEG, PNG or WEBP.';
      answer(errorAnswer(UpstreamCode.unsupportedFormat, message, ctx.answerOptions));
      return;
    }
    // The fake's own image work runs inside the latency window, as a real service's work is
    // its latency: the answer comes `latencyMs` after the upload (later only if the work takes
    // longer). Done after the sleep instead, a busy machine stretched every call beyond the
    // configured latency and benchmarks measured the fake, not the client.
    const keyOptions = ctx.workMaxPixels ? { maxWorkPixels: ctx.workMaxPixels } : {};
    const work = keyOutBackground(upload.bytes, keyOptions).then(
      (value) => ({ ok: true as const, value }),
      () => ({ ok: false as const }),
    );
    await sleep(ctx.latencyMs, gone.signal);
    const keyed = await work;
    if (!keyed.ok) {
      // Right magic bytes, undecodable (truncated or corrupt) image.
      const message = 'The image could not be decoded.';
      answer(errorAnswer(UpstreamCode.unsupportedFormat, message, ctx.answerOptions));
      return;
    }
    const cutout = keyed.value;
    if (gone.signal.aborted) return;
    const ttl = admission.quirk === 'expired-result' ? 0 : ctx.state.resultTtlMs;
    const id = ctx.state.results.put(
      { bytes: cutout.png, width: cutout.width, height: cutout.height },
      ctx.state.now(),
      ttl,
    );
    success = true;
    const ok = successAnswer(ctx.resultUrl(id));
    if (admission.quirk === 'slow-drip') {
      outcome = { status: ok.status, code: ok.code };
      drip(res, ok, ctx.dripIntervalMs, gone.signal);
    } else {
      answer(ok);
    }
  } catch (error) {
    if (gone.signal.aborted) return;
    const message = `Internal error (${error instanceof Error ? error.name : 'unknown'}).`;
    answer(errorAnswer(UpstreamCode.transient, message, ctx.answerOptions));
  } finally {
    admission.settle(success);
  }

  async function runFault(fault: FaultKind, retryAfterS?: number): Promise<void> {
    switch (fault) {
      case 'network-error':
        outcome = { label: fault };
        req.socket.destroy();
        return;
      case 'reset':
        outcome = { label: fault };
        // Take the first bytes of the upload, then drop the connection mid-way.
        req.once('data', (chunk: Buffer) => {
          call.received(chunk.length);
          req.socket.destroy();
        });
        req.once('end', () => req.socket.destroy());
        return;
      case 'stall':
        outcome = { label: fault };
        // Take the upload, then never answer: the client or close() ends it.
        await drain(req, call, ctx.maxBytes);
        return;
      case 'credits-reset': {
        const a = faultAnswer('credits', ctx.answerOptions)!;
        outcome = { status: a.status, code: a.code, label: fault };
        req.unpipe();
        res.writeHead(a.status, { ...a.headers, 'content-length': Buffer.byteLength(a.body) });
        res.flushHeaders();
        // The status line is out; the reset comes before the body, as the upload keeps coming.
        setTimeout(() => req.socket.resetAndDestroy(), 20);
        return;
      }
      case 'rate-limit':
      case 'credits':
      case 'auth': {
        // Refused at the door, like the upstream: the upload is never read.
        const advice = retryAfterS ?? ctx.answerOptions.retryAfterS;
        answer(faultAnswer(fault, { ...ctx.answerOptions, retryAfterS: advice })!, true);
        return;
      }
      default: {
        // Errors the service finds while processing: the body is read and time passes.
        const complete = await drain(req, call, ctx.maxBytes);
        if (complete) await sleep(ctx.latencyMs, gone.signal).catch(() => {});
        if (gone.signal.aborted) return;
        answer(faultAnswer(fault, ctx.answerOptions)!, !complete);
        return;
      }
    }
  }
}

/** Reads and counts a body up to a bound; false when it stopped before the end. */
async function drain(req: IncomingMessage, call: CallHandle, limit: number): Promise<boolean> {
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      call.received(chunk.length);
      size += chunk.length;
      if (size > limit + 64 * 1024) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Sends an answer a few bytes at a time, for clients' read timeouts and partial bodies. */
function drip(
  res: ServerResponse,
  a: ContractAnswer,
  intervalMs: number,
  signal: AbortSignal,
): void {
  const body = Buffer.from(a.body);
  res.writeHead(a.status, {
    ...a.headers,
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  let offset = 0;
  const timer = setInterval(() => {
    if (signal.aborted || res.destroyed) {
      clearInterval(timer);
      return;
    }
    const piece = body.subarray(offset, offset + 8);
    offset += piece.length;
    if (offset >= body.length) {
      clearInterval(timer);
      res.end(piece);
    } else {
      res.write(piece);
    }
  }, intervalMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
