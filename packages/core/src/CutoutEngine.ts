import type { EdgeReviewReason } from './edgeAnalysis';
import type { ImageFormat } from './sniffImage';

/**
 * What the proxy hands an engine. `image`: bytes already sniffed by the proxy (format and
 * header dimensions known), as a buffer or a stream so large uploads can pass through
 * without being held whole. `url`: an image URL (the Codia engine passes it upstream; the
 * local engine fetches it through the proxy's SSRF guard, `fetchImage`).
 */
export type EngineInput =
  | {
      type: 'image';
      data: Uint8Array | ReadableStream<Uint8Array>;
      format: ImageFormat;
      width?: number;
      height?: number;
      /** Byte length when known (a buffer, or an upload with Content-Length). */
      byteLength?: number;
      filename?: string;
    }
  | { type: 'url'; url: string };

/** A cutout as a PNG: what every engine can answer. */
export interface EnginePngResult {
  /** PNG with alpha, at the input's resolution (up to the engine's cap). */
  png: Uint8Array | ReadableStream<Uint8Array>;
  pixels?: undefined;
  width: number;
  height: number;
  /** PNG byte length when known. */
  byteLength?: number;
  timings?: { processingMs?: number; downloadMs?: number };
  /**
   * The engine's own verdict on the cutout, when it has one (the local engine judges it from
   * its model's mask, which only it sees). Reasons use `analyzeEdges`' vocabulary.
   */
  review?: { needsReview: boolean; reasons: EdgeReviewReason[] };
}

/**
 * A cutout as raw pixels, answered only to a request with `pixels: true` by an engine that
 * has them (the local engine): the caller composes them itself, so a PNG encode and decode
 * (≈ 400 ms at 12 MP) would be spent for nothing.
 */
export interface EnginePixelsResult {
  pixels: EnginePixels;
  png?: undefined;
  width: number;
  height: number;
  timings?: { processingMs?: number; downloadMs?: number };
  /** As on `EnginePngResult`. */
  review?: { needsReview: boolean; reasons: EdgeReviewReason[] };
}

export type EngineResult = EnginePngResult | EnginePixelsResult;

/** Straight (not premultiplied) RGBA, width × height × 4 bytes, row-major. */
export interface EnginePixels {
  data: Uint8Array;
  width: number;
  height: number;
  /**
   * Call once `data` is read: the engine lends its own working memory and reuses it for a
   * later image (until then, that image takes fresh memory). Safe to call more than once.
   */
  release(): void;
}

/** Downloads an image URL (for the proxy: through its SSRF guard) and resolves to its bytes. */
export type FetchImage = (url: string, signal: AbortSignal) => Promise<Uint8Array>;

export interface EngineRequestOptions {
  signal: AbortSignal;
  /**
   * Fetches an image URL safely (SSRF guard, size and time caps), given by the proxy to
   * engines that must download a URL themselves. Resolves to the image bytes.
   */
  fetchImage?: FetchImage;
  /**
   * The caller composes the cutout itself (output options) and takes raw pixels: an engine
   * that has them may answer an `EnginePixelsResult` instead of encoding a PNG. Engines
   * without (Codia) ignore it and answer a PNG, so callers handle both.
   */
  pixels?: boolean;
}

/**
 * What an engine's `check()` found (`GET /healthz?deep=1`). `reason` is a stable string:
 * for the Codia engine `upstream-ok`, `upstream-unreachable`, `upstream-auth`,
 * `upstream-credits`, `upstream-rate-limited`, `upstream-error`; for the local engine
 * `model-loaded`, `model-loading`, `model-not-loaded`, `model-unavailable`.
 */
export interface EngineCheck {
  /** The engine can serve a request now. */
  ok: boolean;
  reason: string;
  /** Human detail (never a key or a secret). */
  message?: string;
  /** How long the check took. */
  ms?: number;
  /** The engine's last failed call since its last success, if any. */
  lastError?: {
    kind: string;
    reason?: string | undefined;
    status?: number | undefined;
    at: string;
  };
}

/**
 * The contract between the proxy and every engine. Engines know nothing of HTTP routing;
 * they throw `CutoutError`s (kinds as in the DESIGN table) and honour the signal.
 */
export interface CutoutEngine {
  /** Short name for logs and /healthz, e.g. `codia` or `onnx`. */
  readonly name: string;
  removeBackground(input: EngineInput, options: EngineRequestOptions): Promise<EngineResult>;
  /** Loaded and able to serve (model in memory, key configured). */
  ready?(): boolean | Promise<boolean>;
  /**
   * A deeper, still cheap look than `ready()` (for `/healthz?deep=1`): the Codia engine asks
   * the upstream a question that spends no credit; the local engine says whether its model
   * loaded. Honours the signal (the proxy bounds it in time).
   */
  check?(signal: AbortSignal): Promise<EngineCheck>;
  /**
   * Loads now what the first request would otherwise wait for (a model, a session), so a
   * server can turn ready before its first user. Optional: engines with nothing to load
   * (a remote API) leave it out. `cutout serve` calls it at start.
   */
  warmup?(): Promise<void>;
  /** Frees sessions, sockets, workers. */
  close?(): Promise<void>;
}
