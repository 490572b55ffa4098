import type { CutoutEngine } from '@cutout/core';
import type { AllowedOrigins } from './cors';
import type { FetchImage, SafeFetchOptions } from './guards/createSafeFetch';
import type { AllowedHosts } from './hostPolicy';
import type { RateLimitStore } from './rateLimit/RateLimitStore';
import type { ResultStore } from './resultStore';

export interface ProxyLimits {
  /** Largest image, in bytes (413 / 40003), enforced while streaming. Default 25 MiB. */
  maxBytes: number;
  /** Largest image in pixels, read from the header before any decoding. Default 64 MP. */
  maxPixels: number;
  /** The whole upload must arrive within this (408). Default 60 000 ms. */
  uploadTimeoutMs: number;
  /** Longest pause of the upload (408). Default 15 000 ms. */
  uploadIdleTimeoutMs: number;
  /** The engine's whole work on one request (504). Default 120 000 ms. */
  requestTimeoutMs: number;
  /** Largest JSON body (`{ image_url }`). Default 16 KiB. */
  maxJsonBytes: number;
  /** How long a result stays downloadable at `/v1/results/:id`. Default 300 000 ms. */
  resultTtlMs: number;
}

export interface RateLimitOptions {
  /** Requests a client may make at once (the bucket size). */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
  /** Where buckets live. Default: memory (one instance); use the Redis store for several. */
  store?: RateLimitStore;
  /**
   * Who a request belongs to. Default: the connection's address (given by `toNodeListener`),
   * else `X-Forwarded-For`'s first entry when `trustProxy` is set, else one shared bucket.
   */
  key?: (req: Request, info: RequestInfo) => string | Promise<string>;
  /** Read the client address from `X-Forwarded-For` (only behind a proxy you run). */
  trustProxy?: boolean;
  /** When the store fails (Redis down): let requests through (default) or refuse them. */
  onStoreError?: 'allow' | 'deny';
  /**
   * Called once when the store starts failing and once when it answers again (not per
   * request): log it, page someone. `cutout serve` writes one log line for each.
   */
  onStoreEvent?: (event: RateLimitStoreEvent) => void;
}

export type RateLimitStoreEvent =
  | {
      state: 'down';
      /** What requests meet until it is back: let through ('allow') or refused ('deny'). */
      onStoreError: 'allow' | 'deny';
      /** The failure's name and code (e.g. `ECONNREFUSED`), never its message. */
      error: { name: string; code?: string };
    }
  | {
      state: 'up';
      /** How long it was down. */
      downMs: number;
      /** Requests that met the outage (let through or refused). */
      requests: number;
    };

export interface RequestInfo {
  /** The client's IP address, when the adapter knows it. */
  clientAddress?: string;
  /** The server's address the connection came in on (`toNodeListener` sets it). */
  localAddress?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  engine: string;
  /** Request body bytes read. */
  bytes: number;
  /** Response body bytes (the PNG or the JSON). */
  bytesOut: number;
  /** Error kind and reason when the request failed (never a message from elsewhere). */
  error?: { kind: string; reason?: string | undefined; code?: number | undefined };
}

export interface CutoutHandlerOptions {
  engine: CutoutEngine;
  /** Return false to refuse a request with 401 (check your session, an API token, …). */
  authorize?: (req: Request) => boolean | Promise<boolean>;
  /**
   * Host names the proxy answers to (DNS rebinding guard): others get 403 / 40300 before any
   * work. Default: on a loopback connection only loopback names and IP literals; elsewhere
   * any. See `AllowedHosts`.
   */
  allowedHosts?: AllowedHosts;
  /** Origins allowed cross-origin (exact `https://host:port` strings, `'*'`, or a test). Default none. */
  allowedOrigins?: AllowedOrigins;
  rateLimit?: RateLimitOptions;
  /**
   * Remove requests served at once (each is one upstream call with the Codia engine). More
   * wait in a queue; when it is full they get 503 / 50000 with Retry-After at once, so load
   * is shed instead of every call timing out together. Default 64.
   */
  maxConcurrent?: number;
  /** Requests that may wait for a slot. Default 2 × maxConcurrent. */
  maxQueued?: number;
  /** Longest wait for a slot before a 503 (ms). Default 30 000. */
  queueTimeoutMs?: number;
  limits?: Partial<ProxyLimits>;
  /** Where results wait for their download. Default: memory, TTL + 256 MiB LRU. */
  results?: ResultStore;
  /**
   * How URLs are fetched for engines that download them themselves (the local engine):
   * options of the SSRF-guarded fetcher, or your own function. The Codia engine passes URLs
   * through to the upstream instead.
   */
  fetchImage?: FetchImage | SafeFetchOptions;
  /** Absolute base of result URLs (e.g. `https://example.com/api/cutout`). Default: from the request URL. */
  publicUrl?: string;
  /** Called once per request when its answer is ready. */
  onLog?: (entry: RequestLogEntry) => void;
}

/**
 * Default of `maxConcurrent`: typical upstream plans allow hundreds of parallel calls, but one
 * proxy process holds each upload's buffers and sockets; 64 at once kept every call in time
 * where 200 at once timed all of them out (issue 14; figures in test/bench/README.md).
 */
export const DEFAULT_MAX_CONCURRENT = 64;

export const DEFAULT_LIMITS: Readonly<ProxyLimits> = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 64_000_000,
  uploadTimeoutMs: 60_000,
  uploadIdleTimeoutMs: 15_000,
  requestTimeoutMs: 120_000,
  maxJsonBytes: 16 * 1024,
  resultTtlMs: 300_000,
});
