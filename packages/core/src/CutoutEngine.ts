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

export interface EngineResult {
  /** PNG with alpha, at the input's resolution (up to the engine's cap). */
  png: Uint8Array | ReadableStream<Uint8Array>;
  width: number;
  height: number;
  /** PNG byte length when known. */
  byteLength?: number;
  timings?: { processingMs?: number; downloadMs?: number };
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
   * Loads now what the first request would otherwise wait for (a model, a session), so a
   * server can turn ready before its first user. Optional: engines with nothing to load
   * (a remote API) leave it out. `cutout serve` calls it at start.
   */
  warmup?(): Promise<void>;
  /** Frees sessions, sockets, workers. */
  close?(): Promise<void>;
}
