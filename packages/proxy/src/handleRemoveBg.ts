import {
  type CutoutEngine,
  CutoutError,
  type EngineInput,
  isCutoutError,
  UpstreamCode,
} from '@cutout/core';
import { collectStream } from './collectStream';
import { contractJson, errorResponse, toCutoutError } from './contractResponse';
import { deadlineSignal } from './deadlineSignal';
import type { FetchImage } from './guards/createSafeFetch';
import { limitBody, tooLargeError } from './guards/limitBody';
import { missingImageError } from './guards/missingImageError';
import { jsonTooLarge, readJsonInput } from './guards/readJsonInput';
import { sniffBuffer, sniffUpload } from './guards/sniffUpload';
import type { ProxyLimits } from './handlerOptions';
import { engineImage } from './output/engineImage';
import {
  checkOutputLimits,
  fetchBackgroundImage,
  outputOptionsFrom,
  resolveRequestOutput,
  wantsImage,
} from './output/requestOutput';
import type { ResultStore } from './resultStore';
import { watchEnd } from './watchEnd';

/**
 * busboy needs Node streams: it loads with the first multipart request, so the root entry
 * stays free of Node built-ins for edge runtimes that only ever see JSON or raw bodies.
 */
let multipart: Promise<typeof import('./guards/readMultipartImage')> | undefined;
const loadMultipart = () => (multipart ??= import('./guards/readMultipartImage'));

export interface RemoveBgContext {
  engine: CutoutEngine;
  limits: ProxyLimits;
  results: ResultStore;
  fetchImage: () => Promise<FetchImage>;
  resultUrl: (req: Request, id: string) => string;
  headers: Record<string, string>;
}

export interface RemoveBgOutcome {
  response: Response;
  bytesIn: number;
  error?: CutoutError;
}

/**
 * Multipart bodies up to this size (by Content-Length) are read whole and parsed at once:
 * holding 256 KiB is nothing, and it skips the stream bridges that cost more CPU than the
 * parse on small images. Larger or unsized bodies stream.
 */
const SMALL_BODY = 256 * 1024;

/** Multipart framing around the file: boundaries, part headers, small fields. */
const MULTIPART_SLACK = 64 * 1024;

/** `POST /v1/open/remove_bg`: guards, the engine, the result stored, the answer. */
export async function handleRemoveBg(req: Request, ctx: RemoveBgContext): Promise<RemoveBgOutcome> {
  const started = performance.now();
  const { limits } = ctx;
  // Lower-cased for the type checks only: a multipart boundary is case-sensitive (Chrome's
  // mixes cases), so the parsers get the header as sent.
  const rawContentType = req.headers.get('content-type') ?? '';
  const contentType = rawContentType.toLowerCase();
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  const isJson = contentType.startsWith('application/json');
  const isMultipart = contentType.startsWith('multipart/form-data');
  const isRaw =
    contentType.startsWith('image/') || contentType.startsWith('application/octet-stream');
  const maxBody = isJson
    ? limits.maxJsonBytes
    : limits.maxBytes + (isMultipart ? MULTIPART_SLACK : 0);

  const fail = (error: unknown, bytesIn: number, unread: boolean): RemoveBgOutcome => {
    const e = toCutoutError(error);
    return { response: errorAnswer(e, ctx.headers, unread), bytesIn, error: e };
  };

  // Query options are checked before a byte of the body is read (400 / 40010).
  const query = new URL(req.url).searchParams;
  try {
    resolveRequestOutput(outputOptionsFrom(query));
  } catch (error) {
    return fail(error, 0, true);
  }

  if (!isJson && !isMultipart && !isRaw) {
    const e = missingImageError(
      'Send multipart/form-data with an "image" file, or JSON with "image_url".',
      'unsupported-content-type',
    );
    return fail(e, 0, true);
  }
  if (Number.isFinite(declared) && declared > maxBody) {
    return fail(isJson ? jsonTooLarge() : tooLargeError(limits.maxBytes), 0, true);
  }
  if (!req.body) return fail(missingImageError('The request has no body.', 'empty-body'), 0, false);

  const engineAbort = new AbortController();
  const limited = limitBody(
    req.body,
    {
      maxBytes: maxBody,
      timeoutMs: limits.uploadTimeoutMs,
      idleTimeoutMs: limits.uploadIdleTimeoutMs,
    },
    req.signal,
  );
  let uploadEnded: number | undefined;

  try {
    let input: EngineInput;
    // Body fields / JSON keys; for a streamed multipart body, fields after the file fill in
    // while the engine reads it (documented: send options first or in the query).
    let fields: Record<string, unknown> = {};
    if (isJson) {
      ({ input, fields } = await readJsonInput(limited.stream));
      uploadEnded = performance.now();
    } else if (isMultipart && Number.isFinite(declared) && declared <= SMALL_BODY) {
      const whole = await collectStream(limited.stream);
      uploadEnded = performance.now();
      const { readMultipartImageBuffered } = await loadMultipart();
      const part = await readMultipartImageBuffered(whole, rawContentType, limits.maxBytes);
      fields = part.fields;
      const info = sniffBuffer(part.data, limits.maxPixels);
      input = {
        type: 'image',
        data: part.data,
        format: info.format,
        width: info.width,
        height: info.height,
        byteLength: part.data.byteLength,
        ...(part.filename ? { filename: part.filename } : {}),
      };
    } else {
      const part = isMultipart
        ? await (await loadMultipart()).readMultipartImage(
            limited.stream,
            rawContentType,
            limits.maxBytes,
          )
        : { stream: limited.stream, filename: undefined, fields: {} };
      fields = part.fields;
      const sniffed = await sniffUpload(part.stream, limits.maxPixels);
      input = {
        type: 'image',
        data: sniffed.complete
          ? sniffed.head
          : watchEnd(sniffed.stream, () => (uploadEnded = performance.now())),
        format: sniffed.info.format,
        width: sniffed.info.width,
        height: sniffed.info.height,
        ...(sniffed.complete ? { byteLength: sniffed.head.byteLength } : {}),
        ...(part.filename ? { filename: part.filename } : {}),
      };
      if (sniffed.complete) uploadEnded = performance.now();
    }

    // Everything about the output is settled before the engine (and its credit) is called.
    const output = resolveRequestOutput(outputOptionsFrom(query, fields));
    if (output) {
      checkOutputLimits(output, input.type === 'image' ? input : {}, limits.maxPixels);
    }
    const deadline = deadlineSignal([req.signal, engineAbort.signal], limits.requestTimeoutMs);
    const signal = deadline.signal;
    let backgroundImage: Uint8Array | undefined;
    if (output?.backgroundImageUrl) {
      try {
        backgroundImage = await fetchBackgroundImage(
          output.backgroundImageUrl,
          await ctx.fetchImage(),
          signal,
          limits.maxPixels,
        );
      } catch (error) {
        deadline.clear();
        throw error;
      }
    }
    const engineStarted = performance.now();
    let result: Awaited<ReturnType<CutoutEngine['removeBackground']>>;
    try {
      const fetchImage = input.type === 'url' ? await ctx.fetchImage() : undefined;
      result = await ctx.engine.removeBackground(input, {
        signal,
        ...(fetchImage ? { fetchImage } : {}),
        // Output options known now: an engine with raw pixels hands them over (no PNG).
        ...(output ? { pixels: true } : {}),
      });
      deadline.clear();
    } catch (error) {
      deadline.clear();
      // A guard of the upload (size, slow drip) is the real cause of whatever the engine saw.
      if (limited.error) throw limited.error;
      if (req.signal.aborted) throw new CutoutError('aborted', 'The client went away.');
      if (signal.aborted && !isCutoutError(error)) {
        throw new CutoutError('timeout', 'The engine took too long.', { reason: 'engine-timeout' });
      }
      if (signal.aborted && isCutoutError(error) && error.kind === 'aborted') {
        throw new CutoutError('timeout', 'The engine took too long.', { reason: 'engine-timeout' });
      }
      throw error;
    }
    const engineMs = performance.now() - engineStarted;
    // Fields after a streamed file were not known before the engine: resolved now.
    const { image, composeMs } = await engineImage(result, {
      resolveOutput: () => resolveRequestOutput(outputOptionsFrom(query, fields)),
      checked: output !== undefined,
      backgroundImage,
      maxPixels: limits.maxPixels,
    });
    const timing = [
      uploadEnded !== undefined ? `upload;dur=${(uploadEnded - started).toFixed(1)}` : undefined,
      `engine;dur=${engineMs.toFixed(1)}`,
      result.timings?.processingMs !== undefined
        ? `processing;dur=${result.timings.processingMs.toFixed(1)}`
        : undefined,
      result.timings?.downloadMs !== undefined
        ? `download;dur=${result.timings.downloadMs.toFixed(1)}`
        : undefined,
      // `desc` says what was composed: the engine's raw pixels, or a PNG decoded first.
      composeMs !== undefined
        ? `compose;dur=${composeMs.toFixed(1)};desc="${result.pixels ? 'pixels' : 'png'}"`
        : undefined,
      `total;dur=${(performance.now() - started).toFixed(1)}`,
    ]
      .filter(Boolean)
      .join(', ');
    const common = {
      ...ctx.headers,
      'Server-Timing': timing,
      'X-Cutout-Width': String(image.width),
      'X-Cutout-Height': String(image.height),
      // The engine's own verdict when it gives one (the local engine: from its model's mask).
      ...(result.review ? { 'X-Cutout-Review': reviewHeader(result.review) } : {}),
    };
    if (wantsImage(req, image.contentType)) {
      return {
        bytesIn: limited.bytes,
        response: new Response(image.bytes as Uint8Array<ArrayBuffer>, {
          status: 200,
          headers: {
            ...common,
            'Content-Type': image.contentType,
            'Content-Length': String(image.bytes.byteLength),
            'Cache-Control': 'no-store',
          },
        }),
      };
    }
    // Stored only for the JSON answer: a caller who took the PNG in this response never
    // downloads it, so keeping it would only spend the store's byte budget.
    const id = await ctx.results.put(
      {
        png: image.bytes,
        width: image.width,
        height: image.height,
        ...(image.contentType === 'image/png' ? {} : { contentType: image.contentType }),
      },
      limits.resultTtlMs,
    );
    return {
      bytesIn: limited.bytes,
      response: contractJson(
        200,
        { code: UpstreamCode.ok, message: 'ok', data: { image_url: ctx.resultUrl(req, id) } },
        common,
      ),
    };
  } catch (error) {
    engineAbort.abort();
    // An oversized JSON body is the same answer with or without Content-Length (item 3).
    const e =
      isJson && limited.error?.reason === 'too-large' ? jsonTooLarge() : (limited.error ?? error);
    return fail(e, limited.bytes, uploadEnded === undefined);
  }
}

function errorAnswer(
  error: CutoutError,
  headers: Record<string, string>,
  unread: boolean,
): Response {
  const response = errorResponse(error, headers);
  // The body was not read to its end: close the connection so the client stops uploading
  // now instead of pushing the rest of the file into a drain.
  if (unread) response.headers.set('Connection', 'close');
  return response;
}

/** `ok`, or the engine's reasons (`wide-soft-edge`, …) when it says the cutout needs review. */
function reviewHeader({ needsReview, reasons }: { needsReview: boolean; reasons: string[] }) {
  if (!needsReview) return 'ok';
  return reasons.length > 0 ? reasons.join(', ') : 'needs-review';
}
